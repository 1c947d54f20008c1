package io.stockpipe.scheduler.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.MarketFixture;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.PipelineSteps;
import io.stockpipe.scheduler.ReportStep;
import io.stockpipe.scheduler.RetryPolicy;
import io.stockpipe.scheduler.SourcesForDate;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.backfill.BackfillPlan.PlannedUnit;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Planning against a real job audit: which (date, step) pairs each mode selects, how they are cut
 * into units, and that a dry run changes nothing. The range is 2023-12-18..29, nine trading dates
 * (Christmas is closed), in blocks of four.
 */
@ExtendWith(PostgresExtension.class)
class BackfillPlannerTest {
  private static final LocalDate FROM = LocalDate.of(2023, 12, 18);
  private static final LocalDate TO = LocalDate.of(2023, 12, 29);

  @Test
  void eachBlockOfDatesGetsOneUnitPerStepInChainOrderAndPredictWithoutAModelIsSkipped(
      Database database) {
    BackfillPlan plan =
        planner(database).plan(request(BackfillMode.MISSING, BackfillRequest.STEPS));

    assertThat(plan.tradingDays()).hasSize(9).doesNotContain(LocalDate.of(2023, 12, 25));
    String noModel = "no active model ('stockpipe model promote ID')";
    assertThat(plan.units())
        .containsExactly(
            unit(1, Step.FEATURES, "2023-12-18", "2023-12-21", 4, null),
            unit(2, Step.PREDICT, "2023-12-18", "2023-12-21", 4, noModel),
            unit(3, Step.SCORE, "2023-12-18", "2023-12-21", 4, null),
            unit(4, Step.FEATURES, "2023-12-22", "2023-12-28", 4, null),
            unit(5, Step.PREDICT, "2023-12-22", "2023-12-28", 4, noModel),
            unit(6, Step.SCORE, "2023-12-22", "2023-12-28", 4, null),
            unit(7, Step.FEATURES, "2023-12-29", "2023-12-29", 1, null),
            unit(8, Step.PREDICT, "2023-12-29", "2023-12-29", 1, noModel),
            unit(9, Step.SCORE, "2023-12-29", "2023-12-29", 1, null));
    assertThat(plan.unitsToRun()).isEqualTo(6);
    assertThat(plan.pairs()).hasSize(27);
    assertThat(plan.leftOut()).isZero();
  }

  @Test
  void missingFailedAndAllSelectByTheAuditOfRunsThatCoveredTheSymbols(Database database) {
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    // features: a range run 18..22, then 26 failed, 27 not run after a failed ingest, 28 built
    // for one symbol only, 29 failed and then succeeded.
    run(sql, "features", "2023-12-18", "2023-12-22", "succeeded", null, null);
    run(sql, "features", "2023-12-26", "2023-12-26", "failed", "bad bar", null);
    run(sql, "features", "2023-12-27", "2023-12-27", "skipped", "not run: ingest failed", null);
    run(sql, "features", "2023-12-28", "2023-12-28", "succeeded", null, "{AAA}");
    run(sql, "features", "2023-12-29", "2023-12-29", "failed", "lost connection", null);
    run(sql, "features", "2023-12-29", "2023-12-29", "succeeded", null, null);
    // score: a range run 18..26, 21 failed since, 27 left running by a node that died.
    run(sql, "score", "2023-12-18", "2023-12-26", "succeeded", null, null);
    run(sql, "score", "2023-12-21", "2023-12-21", "failed", "no prices", null);
    run(sql, "score", "2023-12-27", "2023-12-27", "aborted", "the process died", null);
    List<Step> steps = List.of(Step.FEATURES, Step.SCORE);
    BackfillPlanner planner = planner(database);

    BackfillPlan missing = planner.plan(request(BackfillMode.MISSING, steps));
    BackfillPlan failed = planner.plan(request(BackfillMode.FAILED, steps));
    BackfillPlan all = planner.plan(request(BackfillMode.ALL, steps));

    assertThat(missing.units())
        .containsExactly(
            unit(1, Step.FEATURES, "2023-12-26", "2023-12-28", 3, null),
            unit(2, Step.SCORE, "2023-12-27", "2023-12-28", 2, null),
            unit(3, Step.SCORE, "2023-12-29", "2023-12-29", 1, null));
    assertThat(missing.pairs())
        .extracting(pair -> pair.date() + " " + pair.step().key() + " " + pair.current())
        .containsExactly(
            "2023-12-26 features failed",
            "2023-12-27 features not run",
            "2023-12-28 features none",
            "2023-12-27 score aborted",
            "2023-12-28 score none",
            "2023-12-29 score none");
    assertThat(missing.leftOut()).isEqualTo(18 - 6);
    assertThat(failed.units())
        .containsExactly(
            unit(1, Step.SCORE, "2023-12-21", "2023-12-21", 1, null),
            unit(2, Step.FEATURES, "2023-12-26", "2023-12-27", 2, null),
            unit(3, Step.SCORE, "2023-12-27", "2023-12-27", 1, null));
    assertThat(all.units()).hasSize(6).allMatch(PlannedUnit::runs);
    assertThat(all.pairs()).hasSize(18);

    // For symbol AAA alone, its run on the 28th completes the date.
    BackfillPlan forAaa =
        planner.plan(
            new BackfillRequest(
                FROM, TO, List.of(Step.FEATURES), List.of("AAA"), BackfillMode.MISSING, 4, "test"));
    assertThat(forAaa.units())
        .containsExactly(unit(1, Step.FEATURES, "2023-12-26", "2023-12-27", 2, null));
  }

  @Test
  void aDryRunListsThePairsAndChangesNothingWhileASubmitRecordsTheUnits(Database database) {
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    run(sql, "features", "2023-12-18", "2023-12-29", "succeeded", null, null);
    Backfills backfills = backfills(database);
    BackfillRequest request = request(BackfillMode.MISSING, BackfillRequest.STEPS);

    BackfillPlan plan = backfills.plan(request);

    assertThat(plan.describe())
        .contains("2023-12-18  predict   none          1  skip: no active model")
        .contains("2023-12-18  score     none          2  run")
        .contains("3 unit(s) to run, 3 recorded as skipped")
        .contains("9 pair(s) of the range left out by mode missing");
    assertThat(count(sql, "SELECT count(*) FROM backfill")).isZero();
    assertThat(count(sql, "SELECT count(*) FROM job_run")).isEqualTo(1);

    Backfill submitted = backfills.submit(request);

    assertThat(submitted.status()).isEqualTo(BackfillStatus.QUEUED);
    assertThat(submitted.units().total()).isEqualTo(6);
    assertThat(submitted.units().done()).isEqualTo(3);
    assertThat(
            sql.run(
                    "SELECT u.seq, u.step, u.status, r.status, r.triggered_by, r.backfill_id"
                        + " FROM backfill_unit u LEFT JOIN job_run r ON r.id = u.job_run_id"
                        + " ORDER BY u.seq")
                .rows())
        .containsExactly(
            List.of("1", "predict", "skipped", "skipped", "backfill", "" + submitted.id()),
            Arrays.asList("2", "score", "queued", null, null, null),
            List.of("3", "predict", "skipped", "skipped", "backfill", "" + submitted.id()),
            Arrays.asList("4", "score", "queued", null, null, null),
            List.of("5", "predict", "skipped", "skipped", "backfill", "" + submitted.id()),
            Arrays.asList("6", "score", "queued", null, null, null));
  }

  @Test
  void aRequestOutsideWhatABackfillRunsIsRefusedWithTheReason() {
    assertThatThrownBy(
            () ->
                new BackfillRequest(
                    FROM,
                    TO,
                    List.of(Step.FEATURES, Step.PREDICT),
                    List.of("AAPL"),
                    BackfillMode.MISSING,
                    20,
                    "test"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--symbols is for --steps features alone");
    assertThatThrownBy(() -> request(BackfillMode.ALL, List.of(Step.INGEST)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("stockpipe ingest");
    assertThatThrownBy(
            () ->
                new BackfillRequest(
                    TO, FROM, List.of(Step.SCORE), List.of(), BackfillMode.ALL, 20, "test"))
        .hasMessageContaining("--to 2023-12-18 is before --from 2023-12-29");
  }

  @Test
  void aRangeWithoutTradingDatesIsRefused(Database database) {
    assertThatThrownBy(
            () ->
                planner(database)
                    .plan(
                        new BackfillRequest(
                            LocalDate.of(2023, 12, 23),
                            LocalDate.of(2023, 12, 25),
                            List.of(Step.SCORE),
                            List.of(),
                            BackfillMode.ALL,
                            20,
                            "test")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no trading date of XNYS in 2023-12-23..2023-12-25");
  }

  @Test
  void aBackfillMayAskForTheReportButNeverIngests() {
    assertThat(request(BackfillMode.ALL, List.of(Step.PREDICT, Step.SCORE, Step.REPORT)).steps())
        .containsExactly(Step.PREDICT, Step.SCORE, Step.REPORT);
    assertThat(BackfillRequest.STEPS).doesNotContain(Step.REPORT);
    assertThatThrownBy(() -> request(BackfillMode.ALL, List.of(Step.INGEST, Step.FEATURES)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("not ingest")
        .hasMessageContaining("stockpipe ingest --source csv:PATH");
  }

  static BackfillRequest request(BackfillMode mode, List<Step> steps) {
    return new BackfillRequest(FROM, TO, steps, List.of(), mode, 4, "test");
  }

  private static BackfillPlanner planner(Database database) {
    return new BackfillPlanner(database, TradingCalendar.load(database.dataSource()));
  }

  static Backfills backfills(Database database) {
    JobAudit audit = new JobAudit(database, "test-node", Duration.ofSeconds(5));
    PipelineSteps steps =
        new PipelineSteps(
            database,
            SourcesForDate.NONE,
            MarketFixture.SPARK,
            ReportStep.NONE,
            Progress.Factory.SILENT);
    return new Backfills(
        database,
        audit,
        new PipelineRunner(steps, audit, RetryPolicy.NONE, line -> {}),
        TradingCalendar.load(database.dataSource()),
        Backfills.UnitScheduler.IN_PROCESS,
        Duration.ofMillis(200));
  }

  private static PlannedUnit unit(
      int index, Step step, String from, String to, int dates, String skip) {
    return new PlannedUnit(index, step, LocalDate.parse(from), LocalDate.parse(to), dates, skip);
  }

  private static void run(
      QueryRunner sql,
      String step,
      String from,
      String to,
      String status,
      String message,
      String symbols) {
    sql.run(
        "INSERT INTO job_run (step, business_date, date_to, node, triggered_by, status, message,"
            + " symbols, finished_at) VALUES ('"
            + step
            + "', '"
            + from
            + "', '"
            + to
            + "', 'test', 'operator', '"
            + status
            + "', "
            + (message == null ? "NULL" : "'" + message + "'")
            + ", "
            + (symbols == null ? "NULL" : "'" + symbols + "'")
            + ", now())");
  }

  private static long count(QueryRunner sql, String query) {
    return Long.parseLong(sql.run(query).rows().get(0).get(0));
  }
}
