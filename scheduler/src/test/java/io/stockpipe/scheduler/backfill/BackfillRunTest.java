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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills run in the requesting process: a unit that fails stops its backfill with the reason,
 * and a resume runs what did not succeed under the same id; a resume is refused while a unit runs.
 */
@ExtendWith(PostgresExtension.class)
class BackfillRunTest {
  private static final LocalDate DEC_27 = LocalDate.of(2023, 12, 27);

  @Test
  void aFailedUnitStopsTheBackfillWithItsReasonAndAResumeRunsWhatDidNotSucceed(Database database)
      throws Exception {
    Backfills backfills = backfills(database, Duration.ofMillis(300));
    BackfillRequest request =
        new BackfillRequest(
            LocalDate.of(2023, 12, 26),
            LocalDate.of(2023, 12, 29),
            List.of(Step.SCORE),
            List.of(),
            BackfillMode.MISSING,
            2,
            "test");
    long id = backfills.submit(request).id();

    Backfill failed;
    try (Connection other = database.dataSource().getConnection();
        PreparedStatement lease = other.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
      // Someone else holds the lease of score on the 27th, longer than the unit waits.
      lease.setInt(1, 0x5354_4b55);
      lease.setInt(2, Math.toIntExact(DEC_27.toEpochDay() * 8 + Step.SCORE.ordinal()));
      lease.execute();
      failed = backfills.runHere(id);
    }

    assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(failed.message())
        .startsWith(
            "unit 1 (score 2023-12-26..2023-12-27) failed: the lease of score for 2023-12-27");
    assertThat(backfills.units(id))
        .extracting(unit -> unit.seq() + " " + unit.status().key())
        .containsExactly("1 failed", "2 queued");

    Backfill resumed = backfills.resume(id);
    assertThat(backfills.units(id))
        .extracting(unit -> unit.seq() + " " + unit.describe() + " " + unit.status().key())
        .containsExactly(
            "1 score 2023-12-26..2023-12-27 queued", "2 score 2023-12-28..2023-12-29 queued");
    assertThat(resumed.status()).isEqualTo(BackfillStatus.QUEUED);
    Backfill done = backfills.runHere(id);

    assertThat(done.status()).isEqualTo(BackfillStatus.SUCCEEDED);
    assertThat(done.units().done()).isEqualTo(2);
    // What it was resumed after stays in its message; the unit never started, so no job_run
    // holds that attempt.
    assertThat(done.message()).isEqualTo("resumed after: " + failed.message());
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run("SELECT status, count(*) FROM job_run WHERE backfill_id = 1 GROUP BY 1")
                .rows())
        .containsExactly(List.of("skipped", "2"));
  }

  @Test
  void aResumeIsRefusedWhileOneOfItsUnitsRunsAndASucceededBackfillHasNothingToResume(
      Database database) {
    Backfills backfills = backfills(database, Duration.ofSeconds(5));
    long id =
        backfills
            .submit(
                new BackfillRequest(
                    DEC_27, DEC_27, List.of(Step.SCORE), List.of(), BackfillMode.ALL, 20, "test"))
            .id();
    try (BackfillLock running = BackfillLock.acquire(database, id)) {
      assertThatThrownBy(() -> backfills.resume(id))
          .isInstanceOf(BadInputException.class)
          .hasMessage(
              "a unit of backfill 1 is running now; wait for it, or cancel the backfill first");
    }
    assertThat(backfills.runHere(id).status()).isEqualTo(BackfillStatus.SUCCEEDED);
    assertThatThrownBy(() -> backfills.resume(id))
        .hasMessageContaining("backfill 1 succeeded; nothing to resume");
  }

  @Test
  void aBackfillOfTheReportWritesEachUnitsLastDate(Database database, @TempDir Path home) {
    JobAudit audit = new JobAudit(database, "test-node", Duration.ofSeconds(5));
    PipelineSteps steps =
        new PipelineSteps(
            database,
            SourcesForDate.NONE,
            MarketFixture.SPARK,
            ReportStep.dated(database, home),
            Progress.Factory.SILENT);
    Backfills backfills =
        new Backfills(
            database,
            audit,
            new PipelineRunner(steps, audit, RetryPolicy.NONE, line -> {}),
            TradingCalendar.load(database.dataSource()),
            Backfills.UnitScheduler.IN_PROCESS,
            Duration.ofMillis(200));
    long id =
        backfills
            .submit(
                new BackfillRequest(
                    LocalDate.of(2023, 12, 26),
                    LocalDate.of(2023, 12, 29),
                    List.of(Step.SCORE, Step.REPORT),
                    List.of(),
                    BackfillMode.ALL,
                    2,
                    "test"))
            .id();

    assertThat(backfills.runHere(id).status()).isEqualTo(BackfillStatus.SUCCEEDED);
    // Units of two dates: 26-27 and 28-29 (the 25th is Christmas); a report for each last date.
    assertThat(home.resolve("reports/2023-12-27/report.html")).isNotEmptyFile();
    assertThat(home.resolve("reports/2023-12-29/report.html")).isNotEmptyFile();
    assertThat(home.resolve("reports/2023-12-26")).doesNotExist();
    assertThat(home.resolve("reports/index.html"))
        .content()
        .contains("2023-12-29/report.html", "2023-12-27/report.html");
  }

  private static Backfills backfills(Database database, Duration leaseWait) {
    JobAudit audit = new JobAudit(database, "test-node", leaseWait);
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
}
