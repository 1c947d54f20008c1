package io.stockpipe.scheduler.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.IngestService;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.ingest.sample.SampleDataGenerator;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.MarketFixture;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.PipelineSteps;
import io.stockpipe.scheduler.ReportStep;
import io.stockpipe.scheduler.RetryPolicy;
import io.stockpipe.scheduler.SourcesForDate;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.backfill.BackfillPlan.PlannedPair;
import io.stockpipe.scheduler.node.NodeSettings;
import io.stockpipe.scheduler.node.QuartzNode;
import io.stockpipe.scheduler.node.Role;
import io.stockpipe.scheduler.retrain.RetrainRun;
import io.stockpipe.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills run by a real in-process scheduler node on the clustered JDBC JobStore, with real
 * PostgreSQL, Spark and DL4J: units in order, point-in-time predictions, cancel and resume, and the
 * nightly first.
 */
@ExtendWith(PostgresExtension.class)
class BackfillNodeTest {
  private static final String NEVER = "0 0 0 1 1 ? 2099";

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void aBackfillRunsUnitAfterUnitOnTheNodeAndPredictsOnlyDatesAfterTheModelLearned(
      Database database) throws Exception {
    MarketFixture market = MarketFixture.prepare(database, dir, MarketFixture.LAST.plusDays(1));
    LocalDate learnedUntil = market.model().validation().to();
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    QuartzNode node = node(database, market.sources());
    // Ten trading dates from the model's last four validation dates on, in blocks of five.
    TradingCalendar calendar = TradingCalendar.load(database.dataSource());
    LocalDate from = calendar.plusTradingDays(learnedUntil, -3);
    LocalDate to = calendar.plusTradingDays(from, 9);
    BackfillRequest request =
        new BackfillRequest(
            from, to, BackfillRequest.STEPS, List.of(), BackfillMode.MISSING, 5, "t");

    Backfill submitted = node.backfills().submit(request);
    assertThat(
            sql.run("SELECT sched_name, job_name, priority FROM qrtz_triggers ORDER BY 1").rows())
        .containsExactly(List.of("stockpipe-etl", "backfill-" + submitted.id() + "-1", "5"));
    Backfill done = runToTheEnd(node, submitted.id());

    assertThat(done.status()).as(done.describe()).isEqualTo(BackfillStatus.SUCCEEDED);
    List<LocalDate> days = calendar.tradingDaysBetween(from, to);
    LocalDate blockTwo = days.get(5);
    String inWindow =
        "inside model "
            + market.model().id()
            + "'s training and validation dates (up to "
            + learnedUntil
            + "): a prediction of a date comes only from a model that learned before it";
    assertThat(
            sql.run(
                    "SELECT seq, step, date_from, date_to, status, message = '"
                        + inWindow.replace("'", "''")
                        + "' FROM backfill_unit ORDER BY seq")
                .rows())
        .containsExactly(
            List.of("1", "features", "" + from, "" + days.get(4), "succeeded", "f"),
            List.of("2", "predict", "" + from, "" + learnedUntil, "skipped", "t"),
            List.of("3", "predict", "" + days.get(4), "" + days.get(4), "succeeded", "f"),
            // The first prediction's target date is in the second block.
            List.of("4", "score", "" + from, "" + days.get(4), "skipped", "f"),
            List.of("5", "features", "" + blockTwo, "" + to, "succeeded", "f"),
            List.of("6", "predict", "" + blockTwo, "" + to, "succeeded", "f"),
            List.of("7", "score", "" + blockTwo, "" + to, "succeeded", "f"));
    // Point in time: only the dates after the model's last validation date are predicted.
    assertThat(
            sql.run("SELECT min(as_of_date), count(DISTINCT as_of_date), count(*) FROM prediction")
                .rows())
        .containsExactly(List.of("" + days.get(4), "6", "" + 6 * 15));
    // Each prediction but the last date's is scored on its target date, inside the range.
    assertThat(sql.run("SELECT count(*), min(as_of_date) FROM model_score_daily").rows())
        .containsExactly(List.of("5", "" + days.get(4)));
    assertThat(
            sql.run(
                    "SELECT DISTINCT triggered_by, backfill_id FROM job_run"
                        + " WHERE backfill_id IS NOT NULL")
                .rows())
        .containsExactly(List.of("backfill", "" + submitted.id()));

    // Features of one date fail since: a backfill of the failed pairs rebuilds them, predicts
    // that date again and scores its prediction again the next trading date.
    LocalDate failed = days.get(7);
    sql.run(
        "INSERT INTO job_run (step, business_date, date_to, node, triggered_by, status, message,"
            + " finished_at) VALUES ('features', '"
            + failed
            + "', '"
            + failed
            + "', 'test', 'operator', 'failed', 'bad bars', now())");
    BackfillPlan redo = node.backfills().plan(request.withMode(BackfillMode.FAILED));
    assertThat(redo.pairs())
        .extracting(PlannedPair::step, PlannedPair::date, PlannedPair::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Step.FEATURES, failed, "run"),
            org.assertj.core.groups.Tuple.tuple(
                Step.PREDICT, failed, "run: its features are rebuilt"),
            org.assertj.core.groups.Tuple.tuple(
                Step.SCORE,
                days.get(8),
                "run: scores the prediction of " + failed + ", which is redone"));
    // Nothing is missing any more: a backfill of the missing pairs has nothing to do.
    Backfill nothing = node.backfills().submit(request);
    assertThat(nothing.status()).isEqualTo(BackfillStatus.SUCCEEDED);
    assertThat(nothing.units().total()).isZero();
    node.shutdown(true);
  }

  @Test
  void cancelStopsAfterTheRunningUnitAndResumeRunsOnlyWhatDidNotSucceed(Database database)
      throws Exception {
    ingest(database);
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    QuartzNode node = node(database, SourcesForDate.NONE);
    LocalDate from = LocalDate.of(2023, 12, 11);
    LocalDate to = LocalDate.of(2023, 12, 22);
    long id =
        node.backfills()
            .submit(
                new BackfillRequest(
                    from, to, List.of(Step.FEATURES), List.of(), BackfillMode.MISSING, 2, "t"))
            .id();
    node.start();
    try {
      waitFor(Duration.ofMinutes(2), () -> node.backfills().get(id).running().isPresent());
      Backfill cancelled = node.backfills().cancel(id, "test");
      assertThat(cancelled.status()).isEqualTo(BackfillStatus.CANCELLED);
      assertThat(cancelled.running()).contains("features 2023-12-11..2023-12-12");
      waitFor(Duration.ofMinutes(2), () -> node.backfills().get(id).running().isEmpty());
      Thread.sleep(1500);

      assertThat(sql.run("SELECT seq, status, message FROM backfill_unit ORDER BY seq").rows())
          .extracting(row -> row.get(0) + " " + row.get(1))
          .containsExactly(
              "1 succeeded", "2 cancelled", "3 cancelled", "4 cancelled", "5 cancelled");
      assertThat(sql.run("SELECT business_date, date_to, status FROM job_run").rows())
          .containsExactly(List.of("2023-12-11", "2023-12-12", "succeeded"));

      Backfill resumed = node.backfills().resume(id);
      assertThat(resumed.status()).isEqualTo(BackfillStatus.QUEUED);
      assertThat(node.backfills().units(id))
          .extracting(unit -> unit.seq() + " " + unit.describe() + " " + unit.status().key())
          .containsExactly(
              "1 features 2023-12-11..2023-12-12 succeeded",
              "2 features 2023-12-13..2023-12-14 queued",
              "3 features 2023-12-15..2023-12-18 queued",
              "4 features 2023-12-19..2023-12-20 queued",
              "5 features 2023-12-21..2023-12-22 queued");
      waitFor(Duration.ofMinutes(3), () -> node.backfills().get(id).status().ended());
    } finally {
      node.shutdown(true);
    }

    assertThat(node.backfills().get(id).status()).isEqualTo(BackfillStatus.SUCCEEDED);
    // Every date was built once, each by one unit.
    assertThat(
            sql.run(
                    "SELECT count(*), count(DISTINCT business_date), bool_and(status = 'succeeded')"
                        + " FROM job_run WHERE step = 'features'")
                .rows())
        .containsExactly(List.of("5", "5", "t"));
    assertThat(
            sql.run(
                    "SELECT count(DISTINCT trade_date), count(*) FROM feature_row"
                        + " WHERE trade_date BETWEEN '2023-12-11' AND '2023-12-22'")
                .rows())
        .containsExactly(List.of("10", "" + 10 * 15));
  }

  @Test
  void aUnitWaitsWhileTheNightlysChainRunsThenGoesOn(Database database) throws Exception {
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    sql.run(
        "INSERT INTO job_chain (business_date, triggered_by, steps, driven_by)"
            + " VALUES ('2023-12-29', 'schedule', '{ingest,features,predict,score,report}',"
            + " 'cluster')");
    QuartzNode node = node(database, SourcesForDate.NONE);
    long id =
        node.backfills()
            .submit(
                new BackfillRequest(
                    LocalDate.of(2023, 12, 26),
                    LocalDate.of(2023, 12, 28),
                    List.of(Step.SCORE),
                    List.of(),
                    BackfillMode.MISSING,
                    20,
                    "t"))
            .id();
    node.start();
    try {
      waitFor(Duration.ofMinutes(1), () -> node.backfills().units(id).get(0).message() != null);
      Thread.sleep(2500);
      assertThat(node.backfills().units(id).get(0))
          .satisfies(
              unit -> {
                assertThat(unit.status()).isEqualTo(BackfillUnit.Status.QUEUED);
                assertThat(unit.message())
                    .isEqualTo("waiting: the nightly's chain 1 for 2023-12-29 is running");
              });
      assertThat(sql.run("SELECT count(*) FROM job_run").rows()).containsExactly(List.of("0"));

      sql.run("UPDATE job_chain SET status = 'succeeded', finished_at = now()");
      waitFor(Duration.ofMinutes(1), () -> node.backfills().get(id).status().ended());
    } finally {
      node.shutdown(true);
    }
    assertThat(node.backfills().get(id).status()).isEqualTo(BackfillStatus.SUCCEEDED);
    assertThat(node.backfills().units(id).get(0).status()).isEqualTo(BackfillUnit.Status.SKIPPED);
  }

  private Backfill runToTheEnd(QuartzNode node, long id) throws InterruptedException {
    node.start();
    try {
      waitFor(Duration.ofMinutes(4), () -> node.backfills().get(id).status().ended());
    } finally {
      node.shutdown(true);
    }
    return node.backfills().get(id);
  }

  private void ingest(Database database) throws Exception {
    Path prices = dir.resolve("prices");
    new SampleDataGenerator(3, 15, MarketFixture.FIRST, MarketFixture.LAST).write(prices, false);
    new IngestService(database.dataSource(), Clock.systemUTC())
        .ingest(new CsvPathSource(prices), IngestOptions.defaults(), Progress.silent());
  }

  private static QuartzNode node(Database database, SourcesForDate sources) {
    NodeSettings settings =
        NodeSettings.defaults(Role.ALL)
            .withCron(NEVER, ZoneId.of("America/New_York"))
            .withClusterCheckin(Duration.ofSeconds(1))
            .withRetry(RetryPolicy.NONE);
    JobAudit audit = new JobAudit(database, "test-node", Duration.ofSeconds(30));
    PipelineSteps steps =
        new PipelineSteps(
            database, sources, MarketFixture.SPARK, ReportStep.NONE, Progress.Factory.SILENT);
    PipelineRunner runner = new PipelineRunner(steps, audit, settings.retry(), line -> {});
    return new QuartzNode(
        database,
        settings,
        runner,
        audit,
        TradingCalendar.load(database.dataSource()),
        new RetrainRun(database, audit, Progress.Factory.SILENT, line -> {}),
        Duration.ofSeconds(1));
  }

  private static void waitFor(Duration limit, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done within " + limit);
      }
      Thread.sleep(100);
    }
  }
}
