package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.ingest.sample.SampleDataGenerator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class DemoCommandTest {

  /**
   * The demo, then the model commands on what it left: one embedded database, since the demo's
   * Spark and DL4J steps are what take the time.
   */
  @Test
  void demoLoadsTheSampleAndASecondRunGivesTheSameTables(Database database, @TempDir Path home) {
    String[] args = {"demo", "--home", home.toString(), "--db-url", TestDatabase.jdbcUrl()};
    Cli first = Cli.run(args);
    String tables = fingerprint(database);
    List<String> models = modelFingerprint(database);
    Cli second = Cli.run(args);

    assertThat(first.exitCode()).isZero();
    assertThat(first.out())
        .contains("50 symbols")
        .contains("7 rejected")
        .contains("./stockpipe query")
        .contains("37,645 feature rows")
        .contains("linear_regression")
        .contains("gbt_regressor")
        .contains("dense-next_return_1d-")
        .contains("shuffled_ric")
        .contains("predictions as of 2024-12-31")
        .contains("50 predictions as of 2024-12-31 (target 2025-01-02)")
        .contains("9. the nightly chain for 2025-01-02")
        .contains("ingest 2025-01-02: succeeded", "predict 2025-01-02: succeeded")
        .contains("score 2025-01-02: succeeded")
        .contains("10. ./stockpipe status", "last chain per date:")
        .containsPattern("2025-01-02 \\|\\s+1 \\| succeeded \\| schedule")
        .contains("11. the analysts' report of 2025-01-02")
        .contains(home.resolve("reports/2025-01-02/report.html").toString());
    assertThat(home.resolve("reports/2025-01-02/report.html")).isNotEmptyFile();
    assertThat(home.resolve("reports/2025-01-02/top_20.csv")).isNotEmptyFile();
    assertThat(home.resolve("reports/index.html")).content().contains("2025-01-02/report.html");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("(0 new or changed)");
    assertThat(fingerprint(database)).isEqualTo(tables);
    assertThat(modelFingerprint(database)).isEqualTo(models);

    modelCommandsWorkOnWhatTheDemoLeft(database);
    // The sample's history plus the next trading day that the demo's nightly ingested.
    long expected =
        SampleDataGenerator.demo().write(home.resolve("again"), true).validRows()
            + SampleDataGenerator.demo().writeNextDay(home.resolve("again-next")).validRows();
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run("SELECT count(*) FROM price_bar")
                .rows()
                .get(0)
                .get(0))
        .isEqualTo(Long.toString(expected));
  }

  private static void modelCommandsWorkOnWhatTheDemoLeft(Database database) {
    String db = "--db-url=" + TestDatabase.jdbcUrl();
    String id = value(database, "SELECT id FROM model_registry WHERE status = 'active'");
    assertThat(Cli.run("model", "list", db).out()).contains("active").contains("dense");
    assertThat(Cli.run("model", "show", id, db).out())
        .contains("\"config_hash\"")
        .contains("\"code_version\"")
        .contains("\"validation_rank_ic\"");

    Cli predict = Cli.run("predict", "--date", "2024-12-30", db);
    assertThat(predict.exitCode()).isZero();
    assertThat(predict.out()).contains("50 predictions as of 2024-12-30 (target 2024-12-31)");
    assertThat(value(database, "SELECT count(*) FROM prediction WHERE as_of_date = '2024-12-30'"))
        .isEqualTo("50");

    Cli unknownArchitecture =
        Cli.run("train", "--model", "rnn", "--from", "2022-01-03", "--to", "2022-12-30", db);
    assertThat(unknownArchitecture.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(unknownArchitecture.err()).contains("unknown model architecture 'rnn'");
    Cli onSeenDates =
        Cli.run("evaluate", "--model", id, "--from", "2023-06-01", "--to", "2024-06-28", db);
    assertThat(onSeenDates.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(onSeenDates.err()).contains("learned from dates up to");
    Cli noSuchModel = Cli.run("model", "promote", "999999", db);
    assertThat(noSuchModel.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(noSuchModel.err()).contains("no model 999999");

    assertThat(Cli.run("model", "retire", id, db).out()).contains("is now retired");
    Cli noActive = Cli.run("predict", "--date", "2024-12-30", db);
    assertThat(noActive.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(noActive.err()).contains("no active model");
  }

  /** Models, their predictions and evaluations, without the times they were (re)written. */
  private static List<String> modelFingerprint(Database database) {
    return List.of(
        value(
            database,
            "SELECT 'model_registry ' || md5(string_agg(concat_ws('|', id, name, status,"
                + " config_hash, model_sha256), ',' ORDER BY id)) FROM model_registry"),
        value(
            database,
            "SELECT 'prediction ' || md5(string_agg(concat_ws('|', model_id, symbol, as_of_date,"
                + " score, cross_sectional_rank), ',' ORDER BY model_id, symbol, as_of_date))"
                + " FROM prediction"),
        value(
            database,
            "SELECT 'model_evaluation ' || md5(string_agg(concat_ws('|', model_name, metric,"
                + " value), ',' ORDER BY model_name, metric)) FROM model_evaluation"));
  }

  private static String value(Database database, String sql) {
    return QueryRunner.asOwner(database.dataSource()).run(sql).rows().get(0).get(0);
  }

  private static String fingerprint(Database database) {
    return QueryRunner.asOwner(database.dataSource())
        .run(
            "SELECT md5(string_agg(p::text || p.xmin::text, ',' ORDER BY symbol, trade_date))"
                + " FROM price_bar p")
        .rows()
        .get(0)
        .get(0);
  }
}
