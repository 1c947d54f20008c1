package io.stockpipe.db.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class QueryRunnerTest {

  @Test
  void printsAnAlignedTableWithNumbersOnTheRight(Database database) {
    QueryResult result =
        new QueryRunner(database.dataSource())
            .run(
                "SELECT * FROM (VALUES ('AAPL', 1.5, NULL), ('BRK.B', 123.25, 'x')) AS t(ticker,"
                    + " close, note)",
                true);
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
        new QueryRunner(database.dataSource())
            .run("SELECT 'a,b' AS text, NULL::int AS missing, 'say \"hi\"' AS quoted", true);
    assertThat(ResultFormatter.csv(result))
        .isEqualTo("text,missing,quoted\n\"a,b\",,\"say \"\"hi\"\"\"\n");
  }

  @Test
  void readOnlyRefusesToWrite(Database database) {
    QueryRunner runner = new QueryRunner(database.dataSource());
    assertThatThrownBy(() -> runner.run("INSERT INTO symbol (ticker) VALUES ('X')", true))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("read-only");
    assertThat(runner.run("SELECT count(*) FROM symbol", true).rows().get(0).get(0)).isEqualTo("0");
  }

  @Test
  void statementsWithoutRowsReportTheirUpdateCount(Database database) {
    QueryResult result =
        new QueryRunner(database.dataSource())
            .run("INSERT INTO symbol (ticker) VALUES ('A'), ('B')", false);
    assertThat(ResultFormatter.table(result)).isEqualTo("(2 rows affected)\n");
  }
}
