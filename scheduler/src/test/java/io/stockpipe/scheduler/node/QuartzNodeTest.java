package io.stockpipe.scheduler.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.MarketFixture;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.PipelineSteps;
import io.stockpipe.scheduler.ReportStep;
import io.stockpipe.scheduler.RetryPolicy;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.spark.SparkSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * A real Quartz node on the clustered JDBC JobStore: a nightly that misfired while the node was
 * down fires once when it comes back and runs every missed trading date once, in order.
 */
@ExtendWith(PostgresExtension.class)
class QuartzNodeTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final String EVERY_MINUTE = "0 * * * * ?";

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void aNodeDownOverThreeTradingDatesRunsEachOnceInOrderWhenItComesBack(Database database)
      throws Exception {
    // Completed up to Friday 2023-12-22; Monday the 25th is Christmas; the node comes back on
    // Thursday the 28th in the evening.
    MarketFixture market = MarketFixture.prepare(database, dir, LocalDate.of(2023, 12, 26));
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    sql.run(
        "INSERT INTO job_chain (business_date, triggered_by, steps, status, driven_by,"
            + " finished_at) VALUES ('2023-12-22', 'schedule',"
            + " '{ingest,features,predict,score,report}', 'succeeded', 'cluster', now())");
    Clock evening =
        Clock.fixed(ZonedDateTime.of(2023, 12, 28, 23, 0, 0, 0, NEW_YORK).toInstant(), NEW_YORK);
    NodeSettings settings =
        NodeSettings.defaults(Role.ALL)
            .withCron(EVERY_MINUTE, NEW_YORK)
            .withClock(evening)
            .withClusterCheckin(Duration.ofSeconds(1))
            .withRetry(RetryPolicy.NONE);
    missedItsFiresWhileDown(database);

    QuartzNode node = node(database, settings, market);
    node.start();
    try {
      waitFor(
          Duration.ofMinutes(4),
          () ->
              Long.parseLong(
                      sql.run(
                              "SELECT count(*) FROM job_chain WHERE status <> 'running'"
                                  + " AND business_date > '2023-12-22'")
                          .rows()
                          .get(0)
                          .get(0))
                  >= 3);
    } finally {
      node.shutdown(true);
    }

    assertThat(
            sql.run(
                    "SELECT business_date, status FROM job_chain WHERE business_date > '2023-12-22'"
                        + " ORDER BY id")
                .rows())
        .containsExactly(
            List.of("2023-12-26", "succeeded"),
            List.of("2023-12-27", "succeeded"),
            List.of("2023-12-28", "succeeded"));
    // Each step of each date ended once, on this node's schedulers.
    assertThat(
            sql.run(
                    "SELECT business_date, count(*), count(DISTINCT step), bool_and(status IN"
                        + " ('succeeded', 'skipped')) FROM job_run GROUP BY 1 ORDER BY 1")
                .rows())
        .containsExactly(
            List.of("2023-12-26", "5", "5", "t"),
            List.of("2023-12-27", "5", "5", "t"),
            List.of("2023-12-28", "5", "5", "t"));
    assertThat(
            sql.run("SELECT as_of_date, target_date FROM model_score_daily ORDER BY as_of_date")
                .rows())
        .containsExactly(List.of("2023-12-26", "2023-12-27"), List.of("2023-12-27", "2023-12-28"));
  }

  /**
   * The nightly trigger as a node left it an hour ago: its next fire time long past, so that the
   * scheduler starting now finds it misfired.
   */
  private static void missedItsFiresWhileDown(Database database) throws Exception {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("org.quartz.scheduler.instanceName", Role.ETL.schedulerName());
    properties.setProperty("org.quartz.scheduler.instanceId", "earlier-node");
    properties.setProperty("org.quartz.threadPool.threadCount", "1");
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    properties.setProperty("org.quartz.jobStore.dataSource", "earlier");
    properties.setProperty("org.quartz.jobStore.isClustered", "true");
    properties.setProperty("org.quartz.jobStore.useProperties", "true");
    properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    org.quartz.utils.DBConnectionManager.getInstance()
        .addConnectionProvider(
            "earlier",
            new org.quartz.utils.ConnectionProvider() {
              @Override
              public java.sql.Connection getConnection() throws java.sql.SQLException {
                return database.dataSource().getConnection();
              }

              @Override
              public void shutdown() {}

              @Override
              public void initialize() {}
            });
    Scheduler earlier = new StdSchedulerFactory(properties).getScheduler();
    try {
      earlier.addJob(
          JobBuilder.newJob(NightlyJob.class)
              .withIdentity(QuartzNode.NIGHTLY)
              .storeDurably()
              .build(),
          true);
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(QuartzNode.NIGHTLY_TRIGGER)
              .forJob(QuartzNode.NIGHTLY)
              .startAt(new Date(System.currentTimeMillis() - Duration.ofHours(1).toMillis()))
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(EVERY_MINUTE)
                      .inTimeZone(TimeZone.getTimeZone(NEW_YORK))
                      .withMisfireHandlingInstructionFireAndProceed())
              .build();
      earlier.scheduleJob(trigger);
    } finally {
      earlier.shutdown(false);
    }
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
