package io.stockpipe.scheduler.node;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.backfill.Backfills;
import io.stockpipe.scheduler.retrain.RetrainRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Date;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduler node: one Quartz scheduler per role on the clustered JDBC JobStore in the pipeline's
 * PostgreSQL ({@code JobStoreTX}, {@code PostgreSQLDelegate}, clustered, job data as properties,
 * triggers acquired under the lock). It starts the schedulers of its role and keeps the others as
 * clients, so that it can hand a stage to a node of the other role. Its jobs get the node from its
 * job factory. Thread-safe (Quartz's schedulers are); start it once, shut it down once.
 */
public final class QuartzNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QuartzNode.class);
  private static final AtomicInteger DATA_SOURCES = new AtomicInteger();
  static final JobKey NIGHTLY = new JobKey("nightly", "stockpipe");
  static final TriggerKey NIGHTLY_TRIGGER = new TriggerKey("nightly", "stockpipe");
  static final JobKey RETRAIN = new JobKey("retrain", "stockpipe");
  static final TriggerKey RETRAIN_TRIGGER = new TriggerKey("retrain", "stockpipe");

  /** Priorities among triggers due at once: the nightly's stages before a backfill's units. */
  public static final int NIGHTLY_PRIORITY = 10;

  public static final int BACKFILL_PRIORITY = 5;

  /** How long a backfill unit that yielded to the running nightly waits before it looks again. */
  public static final Duration BACKFILL_YIELD = Duration.ofSeconds(15);

  private final Database database;
  private final NodeSettings settings;
  private final Map<Role, Scheduler> schedulers = new EnumMap<>(Role.class);
  private final ChainDriver driver;
  private final RetrainRun retrain;
  private final Backfills backfills;

  /** A node whose retrains report to its log. */
  public QuartzNode(
      Database database,
      NodeSettings settings,
      PipelineRunner runner,
      JobAudit audit,
      TradingCalendar calendar) {
    this(
        database,
        settings,
        runner,
        audit,
        calendar,
        new RetrainRun(database, audit, Progress.Factory.SILENT, line -> log.info("{}", line)));
  }

  public QuartzNode(
      Database database,
      NodeSettings settings,
      PipelineRunner runner,
      JobAudit audit,
      TradingCalendar calendar,
      RetrainRun retrain) {
    this(database, settings, runner, audit, calendar, retrain, BACKFILL_YIELD);
  }

  /**
   * As the other constructors; backfill units that yield to the nightly wait {@code backfillYield}.
   */
  public QuartzNode(
      Database database,
      NodeSettings settings,
      PipelineRunner runner,
      JobAudit audit,
      TradingCalendar calendar,
      RetrainRun retrain,
      Duration backfillYield) {
    this.database = database;
    this.settings = settings;
    this.retrain = retrain;
    String dataSource = "stockpipe-" + DATA_SOURCES.incrementAndGet();
    DBConnectionManager.getInstance().addConnectionProvider(dataSource, provider(database));
    try {
      for (Role role : Role.ALL.runs()) {
        Scheduler scheduler = new StdSchedulerFactory(properties(role, dataSource)).getScheduler();
        scheduler.setJobFactory(
            (bundle, ignored) -> {
              Class<?> type = bundle.getJobDetail().getJobClass();
              if (type == StageJob.class) {
                return new StageJob(this);
              }
              if (type == NightlyJob.class) {
                return new NightlyJob(this);
              }
              if (type == RetrainJob.class) {
                return new RetrainJob(this);
              }
              if (type == BackfillUnitJob.class) {
                return new BackfillUnitJob(this);
              }
              throw new SchedulerException("not a stockpipe job: " + type.getName());
            });
        schedulers.put(role, scheduler);
      }
    } catch (SchedulerException e) {
      throw new PipelineException("cannot set up the Quartz schedulers: " + e.getMessage(), e);
    }
    this.driver = new ChainDriver(database, audit, runner, calendar, this::scheduleStage);
    this.backfills =
        new Backfills(database, audit, runner, calendar, this::scheduleUnit, backfillYield);
  }

  public NodeSettings settings() {
    return settings;
  }

  public ChainDriver driver() {
    return driver;
  }

  /** What the retrain job runs. */
  public RetrainRun retrain() {
    return retrain;
  }

  /** Backfills whose units this node's schedulers run, or (as a client) hand to the cluster. */
  public Backfills backfills() {
    return backfills;
  }

  /** The Quartz instance id of this node's first scheduler (its name in the cluster). */
  public String instanceId() {
    try {
      return schedulers.get(settings.role().runs().get(0)).getSchedulerInstanceId();
    } catch (SchedulerException e) {
      return "?";
    }
  }

  /**
   * Installs (or updates) the nightly trigger, and with the model role the retrain's, and starts
   * the schedulers of this node's role.
   */
  public void start() {
    try {
      if (settings.role().runs().contains(Role.ETL) && settings.nightlyCron() != null) {
        installNightly(schedulers.get(Role.ETL));
      }
      if (settings.role().runs().contains(Role.MODEL)) {
        installRetrain(schedulers.get(Role.MODEL));
      }
      for (Role role : settings.role().runs()) {
        schedulers.get(role).start();
      }
      log.info("scheduler node {} started with role {}", instanceId(), settings.role().key());
    } catch (SchedulerException e) {
      throw new PipelineException("cannot start the scheduler node: " + e.getMessage(), e);
    }
  }

  /**
   * Stops the schedulers; with {@code waitForJobs}, after the running stage ends. A node that stops
   * cleanly leaves the cluster's list of nodes (Quartz keeps the row of a stopped instance, which
   * {@code status} would then show as a dead node); a killed node's row stays until another node
   * recovers its work.
   */
  public void shutdown(boolean waitForJobs) {
    for (Map.Entry<Role, Scheduler> each : schedulers.entrySet()) {
      Scheduler scheduler = each.getValue();
      try {
        String instance = scheduler.getSchedulerInstanceId();
        boolean started = scheduler.isStarted();
        scheduler.shutdown(waitForJobs);
        if (started) {
          leaveCluster(each.getKey(), instance);
        }
      } catch (SchedulerException e) {
        log.warn("scheduler {} did not shut down cleanly", scheduler, e);
      }
    }
  }

  private void leaveCluster(Role role, String instance) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM qrtz_scheduler_state WHERE sched_name = ? AND instance_name = ?")) {
      delete.setString(1, role.schedulerName());
      delete.setString(2, instance);
      delete.executeUpdate();
    } catch (SQLException e) {
      log.warn("could not remove node {} from the cluster's list: {}", instance, e.getMessage());
    }
  }

  @Override
  public void close() {
    shutdown(true);
  }

  /** The next time the nightly fires, if it is installed. */
  public Optional<Date> nextNightly() {
    try {
      Trigger trigger = schedulers.get(Role.ETL).getTrigger(NIGHTLY_TRIGGER);
      return Optional.ofNullable(trigger == null ? null : trigger.getNextFireTime());
    } catch (SchedulerException e) {
      return Optional.empty();
    }
  }

  /** The next time the retrain fires, if it is installed. */
  public java.util.Optional<java.util.Date> nextRetrain() {
    try {
      Trigger trigger = schedulers.get(Role.MODEL).getTrigger(RETRAIN_TRIGGER);
      return java.util.Optional.ofNullable(trigger == null ? null : trigger.getNextFireTime());
    } catch (SchedulerException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Hands the retrain to the cluster's model nodes now, with the policy its trigger holds; one runs
   * it (not while another retrain runs).
   */
  public void triggerRetrain() {
    try {
      Scheduler model = schedulers.get(Role.MODEL);
      if (!model.checkExists(RETRAIN)) {
        throw new BadInputException(
            "no retrain job is installed: start a node with role model or all without"
                + " --no-retrain");
      }
      model.triggerJob(RETRAIN);
    } catch (SchedulerException e) {
      throw new PipelineException("cannot trigger the retrain: " + e.getMessage(), e);
    }
  }

  /**
   * The retrain's cron trigger on the model scheduler, installed like the nightly's (the last node
   * started with the model role sets its cron and policy for the cluster; fire-and-proceed after a
   * misfire, once), at the default priority, so that a chain's predict stage due at the same time
   * goes first. No cron removes it: the retrain is off. Recoverable: a retrain whose node died is
   * run again by another model node.
   */
  private void installRetrain(Scheduler model) throws SchedulerException {
    String cron = settings.retrainCron();
    if (cron == null) {
      if (model.deleteJob(RETRAIN)) {
        log.info("retrain trigger removed: the retrain is off");
      }
      return;
    }
    Map<String, String> policy = settings.retrainPolicy().toJobData();
    Trigger existing = model.getTrigger(RETRAIN_TRIGGER);
    JobDetail existingJob = model.getJobDetail(RETRAIN);
    if (existing instanceof CronTrigger current
        && current.getCronExpression().equals(cron)
        && current.getTimeZone().getID().equals(settings.timeZone().getId())
        && existingJob != null
        && policy.equals(asText(existingJob.getJobDataMap()))) {
      return;
    }
    JobDetail job =
        JobBuilder.newJob(RetrainJob.class)
            .withIdentity(RETRAIN)
            .usingJobData(new JobDataMap(policy))
            .storeDurably()
            .requestRecovery(true)
            .build();
    CronTrigger wanted =
        TriggerBuilder.newTrigger()
            .withIdentity(RETRAIN_TRIGGER)
            .forJob(RETRAIN)
            .withSchedule(
                CronScheduleBuilder.cronSchedule(cron)
                    .inTimeZone(TimeZone.getTimeZone(settings.timeZone()))
                    .withMisfireHandlingInstructionFireAndProceed())
            .build();
    model.addJob(job, true);
    install(model, existing, wanted);
    log.info(
        "retrain trigger: '{}' in {}: {}",
        cron,
        settings.timeZone(),
        settings.retrainPolicy().describe());
  }

  private static Map<String, String> asText(JobDataMap data) {
    Map<String, String> text = new java.util.LinkedHashMap<>();
    for (String key : data.getKeys()) {
      text.put(key, String.valueOf(data.get(key)));
    }
    return text;
  }

  /**
   * The nightly's cron trigger, in the configured time zone. A node that was down when it should
   * have fired runs it once when it comes back (fire-and-proceed), never once per missed night: the
   * job itself catches up every missed date.
   */
  private void installNightly(Scheduler etl) throws SchedulerException {
    CronTrigger wanted =
        TriggerBuilder.newTrigger()
            .withIdentity(NIGHTLY_TRIGGER)
            .forJob(NIGHTLY)
            .withPriority(NIGHTLY_PRIORITY)
            .withSchedule(
                CronScheduleBuilder.cronSchedule(settings.nightlyCron())
                    .inTimeZone(TimeZone.getTimeZone(settings.timeZone()))
                    .withMisfireHandlingInstructionFireAndProceed())
            .build();
    Trigger existing = etl.getTrigger(NIGHTLY_TRIGGER);
    if (existing instanceof CronTrigger cron
        && cron.getCronExpression().equals(settings.nightlyCron())
        && cron.getTimeZone().getID().equals(settings.timeZone().getId())) {
      return;
    }
    JobDetail job =
        JobBuilder.newJob(NightlyJob.class)
            .withIdentity(NIGHTLY)
            .storeDurably()
            .requestRecovery(false)
            .build();
    etl.addJob(job, true);
    install(etl, existing, wanted);
    log.info("nightly trigger: '{}' in {}", settings.nightlyCron(), settings.timeZone());
  }

  private void scheduleStage(long chainId, Stage stage, LocalDate catchUpTo) {
    String name = "chain-" + chainId + "-" + stage.name().toLowerCase(Locale.ROOT);
    JobDetail job =
        JobBuilder.newJob(StageJob.class)
            .withIdentity(name, "chains")
            .usingJobData(StageJob.CHAIN, Long.toString(chainId))
            .usingJobData(StageJob.STAGE, stage.name())
            .usingJobData(StageJob.CATCH_UP_TO, catchUpTo == null ? "" : catchUpTo.toString())
            .requestRecovery(true)
            .build();
    Trigger now =
        TriggerBuilder.newTrigger()
            .withIdentity(name, "chains")
            .withPriority(NIGHTLY_PRIORITY)
            .startNow()
            .build();
    try {
      schedulers.get(stage.role()).scheduleJob(job, now);
    } catch (SchedulerException e) {
      throw new PipelineException(
          "cannot schedule " + name + " on " + stage.role().schedulerName() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Installs a cron trigger that {@code existing} is not. Two nodes starting at once on a fresh job
   * store both find none: the second replaces the first's, as a later start would, instead of
   * failing to start.
   */
  private static void install(Scheduler scheduler, Trigger existing, Trigger wanted)
      throws SchedulerException {
    if (existing == null) {
      try {
        scheduler.scheduleJob(wanted);
        return;
      } catch (ObjectAlreadyExistsException e) {
        log.info("{} was installed by another node at the same moment", wanted.getKey());
      }
    }
    scheduler.rescheduleJob(wanted.getKey(), wanted);
  }

  /**
   * A backfill unit's turn as a job of its step's role: below the nightly's priority, recovered on
   * another node if this one dies. One job per unit: a turn that hands on a unit already handed on
   * finds its job there and leaves it. A unit that yields adds a later trigger to its own job.
   */
  private void scheduleUnit(long backfillId, int seq, Step step, Duration delay) {
    Scheduler scheduler = schedulers.get(Stage.of(step).role());
    String name = "backfill-" + backfillId + "-" + seq;
    JobKey key = new JobKey(name, "backfills");
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(name + "-" + System.currentTimeMillis(), "backfills")
            .forJob(key)
            .withPriority(BACKFILL_PRIORITY)
            .startAt(new Date(System.currentTimeMillis() + delay.toMillis()))
            .build();
    try {
      if (scheduler.checkExists(key)) {
        if (!delay.isZero()) {
          scheduler.scheduleJob(trigger);
        }
        return;
      }
      scheduler.scheduleJob(
          JobBuilder.newJob(BackfillUnitJob.class)
              .withIdentity(key)
              .usingJobData(BackfillUnitJob.BACKFILL, Long.toString(backfillId))
              .usingJobData(BackfillUnitJob.SEQ, Integer.toString(seq))
              .requestRecovery(true)
              .build(),
          trigger);
    } catch (ObjectAlreadyExistsException e) {
      log.info("{} was handed on already", name);
    } catch (SchedulerException e) {
      throw new PipelineException(
          "cannot schedule "
              + name
              + " on "
              + Stage.of(step).role().schedulerName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Properties properties(Role role, String dataSource) {
    Properties properties = new Properties();
    properties.setProperty("org.quartz.scheduler.instanceName", role.schedulerName());
    properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    properties.setProperty("org.quartz.threadPool.threadCount", "1");
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    properties.setProperty("org.quartz.jobStore.dataSource", dataSource);
    properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    properties.setProperty("org.quartz.jobStore.isClustered", "true");
    properties.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(settings.clusterCheckin().toMillis()));
    properties.setProperty("org.quartz.jobStore.useProperties", "true");
    properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    // A chain handed over by another process (scheduler trigger, a backfill) wakes no scheduler
    // thread here: it is found at the next poll of the store. Quartz's 30 s default made the
    // nightly's first stage wait 22 s in bench/nightly.sh; one query a second per scheduler is
    // nothing for PostgreSQL.
    properties.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    return properties;
  }

  /** Quartz takes its connections from the pipeline's own pool. */
  private static ConnectionProvider provider(Database database) {
    return new ConnectionProvider() {
      @Override
      public Connection getConnection() throws SQLException {
        return database.dataSource().getConnection();
      }

      @Override
      public void shutdown() {
        // the pool is the command's, closed with its Database
      }

      @Override
      public void initialize() {
        // the pool is open already
      }
    };
  }
}
