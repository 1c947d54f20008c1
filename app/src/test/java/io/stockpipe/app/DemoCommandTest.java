package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.ingest.sample.SampleDataGenerator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class DemoCommandTest {

  @Test
  void demoLoadsTheSampleAndASecondRunGivesTheSameTables(Database database, @TempDir Path home) {
    String[] args = {"demo", "--home", home.toString(), "--db-url", TestDatabase.jdbcUrl()};
    Cli first = Cli.run(args);
    String tables = fingerprint(database);
    Cli second = Cli.run(args);

    assertThat(first.exitCode()).isZero();
    assertThat(first.out())
        .contains("50 symbols")
        .contains("7 rejected")
        .contains("./stockpipe query")
        .contains("39,095 feature rows")
        .contains("linear_regression")
        .contains("gbt_regressor");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("(0 new or changed)");
    assertThat(fingerprint(database)).isEqualTo(tables);
    long expected = SampleDataGenerator.demo().write(home.resolve("again"), true).validRows();
    assertThat(
            new QueryRunner(database.dataSource())
                .run("SELECT count(*) FROM price_bar", true)
                .rows()
                .get(0)
                .get(0))
        .isEqualTo(Long.toString(expected));
  }

  private static String fingerprint(Database database) {
    return new QueryRunner(database.dataSource())
        .run(
            "SELECT md5(string_agg(p::text || p.xmin::text, ',' ORDER BY symbol, trade_date))"
                + " FROM price_bar p",
            true)
        .rows()
        .get(0)
        .get(0);
  }
}
