package io.stockpipe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.spark.SparkSessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain of a business date against real PostgreSQL, Spark and DL4J: a market whose last two
 * days arrive through the configured source, a model trained before them, and the audit of every
 * step.
 */
@ExtendWith(PostgresExtension.class)
class PipelineRunnerTest {
  private static final LocalDate LAST = MarketFixture.LAST;
  private static final LocalDate DAY_BEFORE = LocalDate.of(2023, 12, 28);

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void theNightlyChainIngestsBuildsPredictsAndScoresEachDateOnce(Database database)
      throws Exception {
    MarketFixture market = MarketFixture.prepare(database, dir, DAY_BEFORE);
    RegisteredModel model = market.model();

    List<String> lines = new ArrayList<>();
    PipelineRunner runner = runner(database, market.sources(), lines);
    ChainResult before = runner.run(ChainRequest.nightly(DAY_BEFORE, Trigger.SCHEDULE));
    ChainResult last = runner.run(ChainRequest.nightly(LAST, Trigger.SCHEDULE));

    assertThat(before.succeeded()).as(String.join("\n", lines)).isTrue();
    assertThat(last.succeeded()).isTrue();
    assertThat(last.steps().get(Step.INGEST).status()).isEqualTo(StepResult.Status.SUCCEEDED);
    assertThat(last.steps().get(Step.FEATURES).rows()).isEqualTo(15);
    // The feature set the active model reads, whatever the default is.
    assertThat(last.steps().get(Step.FEATURES).message()).isEqualTo(model.featureSetVersion());
    assertThat(last.steps().get(Step.PREDICT).rows()).isEqualTo(15);
    assertThat(last.steps().get(Step.REPORT).status()).isEqualTo(StepResult.Status.SKIPPED);
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    assertThat(
            sql.run(
                    "SELECT business_date, step, status, attempt, triggered_by FROM job_run"
                        + " ORDER BY id")
                .rows())
        .containsExactly(
            List.of("2023-12-28", "ingest", "succeeded", "1", "schedule"),
            List.of("2023-12-28", "features", "succeeded", "1", "schedule"),
            List.of("2023-12-28", "predict", "succeeded", "1", "schedule"),
            List.of("2023-12-28", "score", "skipped", "1", "schedule"),
            List.of("2023-12-28", "report", "skipped", "1", "schedule"),
            List.of("2023-12-29", "ingest", "succeeded", "1", "schedule"),
            List.of("2023-12-29", "features", "succeeded", "1", "schedule"),
            List.of("2023-12-29", "predict", "succeeded", "1", "schedule"),
            List.of("2023-12-29", "score", "succeeded", "1", "schedule"),
            List.of("2023-12-29", "report", "skipped", "1", "schedule"));
    // The 28th's predictions are scored once the 29th's closes are in.
    assertThat(
            sql.run("SELECT model_id, as_of_date, target_date, symbols FROM model_score_daily")
                .rows())
        .containsExactly(List.of("" + model.id(), "2023-12-28", "2023-12-29", "15"));
    // The naive baselines are scored every date with closes, predictions or not.
    assertThat(before.steps().get(Step.SCORE).message())
        .isEqualTo(
            "no predictions with a target date in 2023-12-28;"
                + " scored 2 baseline-dates into baseline_score_daily");
    assertThat(last.steps().get(Step.SCORE))
        .extracting(StepResult::rows, StepResult::message)
        .containsExactly(
            3L,
            "1 model-dates scored into model_score_daily, 2 baseline-dates into"
                + " baseline_score_daily");
    assertThat(
            sql.run(
                    "SELECT baseline, as_of_date, target_date, symbols FROM baseline_score_daily"
                        + " ORDER BY as_of_date, baseline")
                .rows())
        .containsExactly(
            List.of("mean_reversion_1d", "2023-12-27", "2023-12-28", "15"),
            List.of("momentum_20d", "2023-12-27", "2023-12-28", "15"),
            List.of("mean_reversion_1d", "2023-12-28", "2023-12-29", "15"),
            List.of("momentum_20d", "2023-12-28", "2023-12-29", "15"));
    assertThat(sql.run("SELECT status FROM job_chain ORDER BY id").rows())
        .containsExactly(List.of("succeeded"), List.of("succeeded"));

    // Point in time: a date the active model learned from is not predicted, and says why.
    LocalDate learned = model.validation().to();
    StepResult inWindow =
        runner.runStep(null, null, Step.PREDICT, learned, learned, Trigger.BACKFILL);
    assertThat(inWindow.status()).isEqualTo(StepResult.Status.SKIPPED);
    assertThat(inWindow.message())
        .contains(
            "on or before "
                + model.validation().to()
                + " skipped: inside model "
                + model.id()
                + "'s training and validation dates");
    assertThat(
            sql.run("SELECT count(*) FROM prediction WHERE as_of_date = '" + learned + "'").rows())
        .containsExactly(List.of("0"));

    // A rerun of the date converges: the same predictions and scores, one more chain in the audit.
    String snapshot =
        "SELECT count(*), sum(score), (SELECT sum(rank_ic) FROM model_score_daily) FROM prediction";
    List<List<String>> rowsBefore = sql.run(snapshot).rows();
    assertThat(runner.run(ChainRequest.nightly(LAST, Trigger.OPERATOR)).succeeded()).isTrue();
    assertThat(sql.run(snapshot).rows()).isEqualTo(rowsBefore);
  }

  @Test
  void aFailedStepStopsTheDatesChainWithItsReasonAndTheRestAreSkipped(Database database) {
    Path missing = dir.resolve("no-such-directory");
    List<String> lines = new ArrayList<>();
    ChainResult result =
        runner(database, (from, to) -> List.of(new CsvPathSource(missing)), lines)
            .run(ChainRequest.nightly(LAST, Trigger.SCHEDULE));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.steps().get(Step.INGEST).message()).contains("no-such-directory");
    List<List<String>> runs =
        QueryRunner.asOwner(database.dataSource())
            .run("SELECT step, status, message FROM job_run ORDER BY id")
            .rows();
    assertThat(runs.get(0).subList(0, 2)).containsExactly("ingest", "failed");
    assertThat(runs.subList(1, 5))
        .allSatisfy(
            row ->
                assertThat(row.subList(1, 3))
                    .containsExactly("skipped", "not run: ingest failed for 2023-12-29"));
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run("SELECT status, message LIKE 'ingest: %' FROM job_chain")
                .rows())
        .containsExactly(List.of("failed", "t"));
  }

  @Test
  void aLeaseHeldElsewhereIsWaitedForThenRetriedWithBackoff(Database database) throws Exception {
    List<String> lines = new ArrayList<>();
    PipelineRunner runner =
        new PipelineRunner(
            steps(database, SourcesForDate.NONE),
            new JobAudit(database, "test-node", Duration.ofMillis(300)),
            new RetryPolicy(2, Duration.ofMillis(10)),
            lines::add);
    try (Connection other = database.dataSource().getConnection();
        PreparedStatement lease = other.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
      lease.setInt(1, 0x5354_4b55);
      lease.setInt(2, Math.toIntExact(LAST.toEpochDay() * 8 + Step.SCORE.ordinal()));
      lease.execute();

      StepResult result = runner.runStep(null, null, Step.SCORE, LAST, LAST, Trigger.BACKFILL);

      assertThat(result.failed()).isTrue();
      assertThat(result.message()).contains("lease of score for 2023-12-29 is held by");
    }
    assertThat(lines).anyMatch(line -> line.contains("retrying score"));
    StepResult free = runner.runStep(null, null, Step.SCORE, LAST, LAST, Trigger.BACKFILL);
    assertThat(free.status()).isEqualTo(StepResult.Status.SKIPPED);
  }

  @Test
  void aStepThatCannotTakeEveryLeaseOfItsRangeKeepsNoneOfThem(Database database) throws Exception {
    PipelineRunner runner =
        new PipelineRunner(
            steps(database, SourcesForDate.NONE),
            new JobAudit(database, "test-node", Duration.ofMillis(300)),
            RetryPolicy.NONE,
            line -> {});
    LocalDate dayBefore = DAY_BEFORE;
    try (Connection other = database.dataSource().getConnection();
        PreparedStatement lease = other.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
      // Held elsewhere: the last date of the range, so the first date's lease is taken first.
      lease.setInt(1, 0x5354_4b55);
      lease.setInt(2, Math.toIntExact(LAST.toEpochDay() * 8 + Step.SCORE.ordinal()));
      lease.execute();

      StepResult result = runner.runStep(null, null, Step.SCORE, dayBefore, LAST, Trigger.BACKFILL);

      assertThat(result.message()).contains("lease of score for 2023-12-29 is held by");
      try (PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock_all()")) {
        unlock.execute();
      }
    }
    // Seen before: the first date's lease stayed with the pooled connection, and every later
    // run of that date waited for a session that nobody would end.
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND classid = x'53544b55'::int")
                .rows())
        .containsExactly(List.of("0"));
  }

  private static PipelineRunner runner(
      Database database, SourcesForDate sources, List<String> lines) {
    return new PipelineRunner(
        steps(database, sources),
        new JobAudit(database, "test-node", Duration.ofSeconds(5)),
        RetryPolicy.NONE,
        lines::add);
  }

  private static PipelineSteps steps(Database database, SourcesForDate sources) {
    return new PipelineSteps(
        database, sources, MarketFixture.SPARK, ReportStep.NONE, Progress.Factory.SILENT);
  }
}
