package io.stockpipe.db.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class QueryRunnerTest {

  @Test
  void printsAnAlignedTableWithNumbersOnTheRight(Database database) {
    QueryResult result =
        QueryRunner.asOwner(database.dataSource())
            .run(
                "SELECT * FROM (VALUES ('AAPL', 1.5, NULL), ('BRK.B', 123.25, 'x')) AS t(ticker,"
                    + " close, note)");
    assertThat(ResultFormatter.table(result))
        .isEqualTo(
            """
             ticker | close  | note
            --------+--------+------
             AAPL   |    1.5 |
             BRK.B  | 123.25 | x
            (2 rows)
            """);
  }

  @Test
  void printsCsvWithQuotingAndEmptyNulls(Database database) {
    QueryResult result =
        QueryRunner.asOwner(database.dataSource())
            .run("SELECT 'a,b' AS text, NULL::int AS missing, 'say \"hi\"' AS quoted");
    assertThat(ResultFormatter.csv(result))
        .isEqualTo("text,missing,quoted\n\"a,b\",,\"say \"\"hi\"\"\"\n");
  }

  @Test
  void readOnlyIsExactlyOneStatementSplitAsTheDriverWould() {
    QueryRunner.requireOneStatement("SELECT 1");
    QueryRunner.requireOneStatement("SELECT 1;");
    QueryRunner.requireOneStatement("SELECT ';' AS semicolon, $x$ a; b $x$, E'\\'; ' -- ; \n");
    QueryRunner.requireOneStatement("/* ; */ SELECT \"a;b\" FROM (SELECT 1 AS \"a;b\") t");
    for (String several :
        List.of(
            "commit; delete from symbol",
            "SELECT 1; SELECT 2",
            "SELECT 1;\nDROP TABLE price_bar;",
            "select 'x'';'; delete from t")) {
      assertThatThrownBy(() -> QueryRunner.requireOneStatement(several))
          .as(several)
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("exactly one statement");
    }
    assertThatThrownBy(() -> QueryRunner.requireOneStatement("  ;  "))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("holds 0");
  }

  @Test
  void readOnlyRunsAsTheReaderRoleWhichCanOnlyRead(Database database) {
    QueryRunner.asOwner(database.dataSource()).run("INSERT INTO symbol (ticker) VALUES ('KEEP')");
    try (Database reader = TestDatabase.reader()) {
      QueryRunner runner = QueryRunner.readOnly(reader.dataSource(), Duration.ofSeconds(30));
      assertThat(runner.run("SELECT current_user, count(*) FROM symbol").rows())
          .containsExactly(List.of("stockpipe_reader", "1"));
      for (String write :
          List.of(
              "INSERT INTO symbol (ticker) VALUES ('X')",
              "DELETE FROM symbol",
              "TRUNCATE symbol",
              "CREATE TABLE evil (x int)",
              "SELECT set_config('transaction_read_only', 'off', true), count(*) FROM symbol")) {
        assertThatThrownBy(() -> runner.run(write)).as(write).isInstanceOf(BadInputException.class);
      }
      assertThat(runner.run("SELECT count(*) FROM symbol").rows()).containsExactly(List.of("1"));
    }
  }

  @Test
  void readOnlyCancelsAStatementAfterItsTimeout() {
    try (Database reader = TestDatabase.reader()) {
      QueryRunner runner = QueryRunner.readOnly(reader.dataSource(), Duration.ofMillis(1500));
      assertThatThrownBy(() -> runner.run("SELECT pg_sleep(30)"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("statement timeout of 1 s");
    }
  }

  @Test
  void readOnlyRefusesALoginThatIsNoBoundary(Database database) {
    QueryRunner asSuperuser = QueryRunner.readOnly(database.dataSource(), Duration.ofSeconds(5));
    assertThatThrownBy(() -> asSuperuser.run("SELECT 1"))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("refusing --read-only: its login 'postgres' is a superuser");
  }

  @Test
  void statementsWithoutRowsReportTheirUpdateCount(Database database) {
    QueryResult result =
        QueryRunner.asOwner(database.dataSource())
            .run("INSERT INTO symbol (ticker) VALUES ('A'), ('B')");
    assertThat(ResultFormatter.table(result)).isEqualTo("(2 rows affected)\n");
  }
}
