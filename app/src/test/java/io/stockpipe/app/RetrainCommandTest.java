package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.scheduler.MarketFixture;
import io.stockpipe.spark.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code stockpipe retrain} as an operator meets it: the decision printed, the run audited. */
@ExtendWith(PostgresExtension.class)
class RetrainCommandTest {
  private static final String DB = "--db-url=" + TestDatabase.jdbcUrl();

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void aRetrainPrintsItsDecisionAndOneWithNothingToLearnFromFailsWithWhatToRetry(Database database)
      throws Exception {
    Cli nothing = Cli.run("retrain", "--epochs", "2", DB);
    assertThat(nothing.exitCode()).as(nothing.err()).isEqualTo(Main.EXIT_FAILED);
    assertThat(nothing.out())
        .contains("retrain on cli@")
        .containsPattern("retrain \\d{4}-\\d\\d-\\d\\d: failed")
        .contains("no feature set with normalisation 'none'");
    assertThat(Cli.run("status", DB).out())
        .contains("nightly and retrain:")
        .contains("no feature set with normalisation 'none'")
        .contains("./stockpipe retrain");

    MarketFixture market = MarketFixture.prepare(database, dir, MarketFixture.LAST.plusDays(3));
    Cli retrain = Cli.run("retrain", "--epochs", "2", "--margin", "-1", DB);
    assertThat(retrain.exitCode()).as(retrain.out() + retrain.err()).isZero();
    assertThat(retrain.out())
        .contains("retrain decision 1")
        .contains("active         model " + market.model().id())
        .contains("promoted       yes: rank IC");
    // The later retrain that succeeded is the retry of the failed one.
    assertThat(Cli.run("status", DB).out()).doesNotContain("./stockpipe retrain");
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run("SELECT step, status, triggered_by FROM job_run ORDER BY id")
                .rows())
        .containsExactly(
            List.of("retrain", "failed", "operator"), List.of("retrain", "succeeded", "operator"));

    Cli noGain = Cli.run("retrain", "--margin", "3", DB);
    assertThat(noGain.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(noGain.err())
        .contains("--margin is a difference of mean rank ICs, so -1..1, was 3.0");
  }
}
