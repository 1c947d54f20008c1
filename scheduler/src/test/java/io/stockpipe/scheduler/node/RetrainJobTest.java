package io.stockpipe.scheduler.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.MarketFixture;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.PipelineSteps;
import io.stockpipe.scheduler.ReportStep;
import io.stockpipe.scheduler.RetryPolicy;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.retrain.RetrainPolicy;
import io.stockpipe.scheduler.status.ClusterStatus;
import io.stockpipe.spark.SparkSessions;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain as a Quartz job of a real in-process model node on the clustered JDBC JobStore: the
 * node installs its weekly trigger, a fire runs the retrain and leaves a job_run row with step
 * 'retrain' and the decision, and a node started with the retrain off removes the trigger.
 */
@ExtendWith(PostgresExtension.class)
class RetrainJobTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void aModelNodeInstallsTheWeeklyRetrainAndAFireLeavesAnAuditedDecision(Database database)
      throws Exception {
    MarketFixture market = MarketFixture.prepare(database, dir, MarketFixture.LAST.plusDays(3));
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    RetrainPolicy policy =
        RetrainPolicy.defaults(Architecture.DENSE)
            .withNetwork(NetworkConfig.defaults(Architecture.DENSE).withMaxEpochs(2))
            .withPromoteMargin(1.0);
    NodeSettings settings =
        NodeSettings.defaults(Role.MODEL)
            .withCron(NodeSettings.DEFAULT_CRON, NEW_YORK)
            .withRetrainPolicy(policy)
            .withClusterCheckin(Duration.ofSeconds(1))
            .withRetry(RetryPolicy.NONE);
    assertThat(settings.retrainCron()).isEqualTo("0 0 6 ? * SAT");

    QuartzNode node = node(database, settings, market);
    node.start();
    try {
      ZonedDateTime next = node.nextRetrain().orElseThrow().toInstant().atZone(NEW_YORK);
      assertThat(next.getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
      assertThat(next.getHour()).isEqualTo(6);
      assertThat(new ClusterStatus(database.dataSource()).report())
          .containsPattern("retrain\\s+\\| 0 0 6 \\? \\* SAT \\| America/New_York");

      node.triggerRetrain();
      waitFor(
          Duration.ofMinutes(4),
          () ->
              !sql.run("SELECT 1 FROM job_run WHERE step = 'retrain' AND status <> 'running'")
                  .rows()
                  .isEmpty());
    } finally {
      node.shutdown(true);
    }

    List<List<String>> decision =
        sql.run("SELECT id, candidate_model_id, active_model_id, promoted FROM retrain_decision")
            .rows();
    assertThat(decision).hasSize(1);
    assertThat(decision.get(0).subList(2, 4))
        .containsExactly(Long.toString(market.model().id()), "f");
    assertThat(
            sql.run(
                    "SELECT step, status, triggered_by, node, rows, message FROM job_run"
                        + " WHERE step = 'retrain'")
                .rows())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.subList(0, 5))
                  .containsExactly("retrain", "succeeded", "schedule", "test-node", "1");
              assertThat(run.get(5))
                  .startsWith(
                      "decision "
                          + decision.get(0).get(0)
                          + ": model "
                          + decision.get(0).get(1)
                          + " not promoted, model "
                          + market.model().id()
                          + " stays active");
            });

    // Installing the same trigger again changes nothing; a node with the retrain off removes it.
    QuartzNode again = node(database, settings, market);
    again.start();
    again.shutdown(true);
    assertThat(sql.run("SELECT count(*) FROM qrtz_triggers WHERE trigger_name = 'retrain'").rows())
        .containsExactly(List.of("1"));
    QuartzNode off = node(database, settings.withRetrainCron(null), market);
    off.start();
    try {
      assertThat(off.nextRetrain()).isEmpty();
    } finally {
      off.shutdown(true);
    }
    assertThat(sql.run("SELECT count(*) FROM qrtz_job_details WHERE job_name = 'retrain'").rows())
        .containsExactly(List.of("0"));
  }

  private static QuartzNode node(Database database, NodeSettings settings, MarketFixture market) {
    JobAudit audit = new JobAudit(database, "test-node", Duration.ofSeconds(30));
    PipelineSteps steps =
        new PipelineSteps(
            database,
            market.sources(),
            MarketFixture.SPARK,
            ReportStep.NONE,
            Progress.Factory.SILENT);
    PipelineRunner runner = new PipelineRunner(steps, audit, settings.retry(), line -> {});
    return new QuartzNode(
        database, settings, runner, audit, TradingCalendar.load(database.dataSource()));
  }

  private static void waitFor(Duration limit, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done within " + limit);
      }
      Thread.sleep(500);
    }
  }
}
