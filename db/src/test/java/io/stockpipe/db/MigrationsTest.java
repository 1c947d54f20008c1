package io.stockpipe.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MigrationsTest {

  @Test
  void migrateTwiceAppliesNothingTheSecondTime(Database database) {
    assertThat(database.migrate()).isZero();
    assertThat(new Migrations(database.dataSource()).info())
        .isNotEmpty()
        .allSatisfy(state -> assertThat(state.state()).isEqualTo("Success"))
        .anySatisfy(state -> assertThat(state.version()).isEqualTo("1"));
  }

  @Test
  void schemaHasTheTablesTheIssueNames(Database database) {
    var tables =
        QueryRunner.asOwner(database.dataSource())
            .run("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            .rows()
            .stream()
            .map(row -> row.get(0))
            .toList();
    assertThat(tables).contains("symbol", "price_bar", "ingest_run", "ingest_reject");
  }

  @Test
  void databaseRefusesABarWhoseHighIsBelowItsLow(Database database) {
    QueryRunner runner = QueryRunner.asOwner(database.dataSource());
    runner.run("INSERT INTO symbol (ticker) VALUES ('X')");
    assertThatThrownBy(
            () ->
                runner.run(
                    "INSERT INTO price_bar (symbol, trade_date, high, low, close, volume, source)"
                        + " VALUES ('X', DATE '2020-01-02', 1, 2, 1.5, 0, 'test')"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("price_bar_check");
  }
}
