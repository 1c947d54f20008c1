package io.stockpipe.app;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.ChainRequest;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.PipelineSteps;
import io.stockpipe.scheduler.ReportStep;
import io.stockpipe.scheduler.RetryPolicy;
import io.stockpipe.scheduler.SourcesForDate;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.config.RetrainSection;
import io.stockpipe.scheduler.config.SchedulerSettings;
import io.stockpipe.scheduler.config.StockpipeConfig;
import io.stockpipe.scheduler.node.NodeSettings;
import io.stockpipe.scheduler.node.QuartzNode;
import io.stockpipe.scheduler.node.Role;
import io.stockpipe.scheduler.retrain.RetrainPolicy;
import io.stockpipe.scheduler.retrain.RetrainRun;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe scheduler start|trigger}: scheduler nodes of the Quartz cluster. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = "Run a scheduler node of the Quartz cluster, or hand the cluster a date's chain.",
    subcommands = {SchedulerCommand.Start.class, SchedulerCommand.TriggerChain.class})
public final class SchedulerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * What a node and a client of the cluster share: role, schedule, sources. A flag wins over
   * stockpipe.yaml, which wins over the defaults.
   */
  static final class NodeOptions {
    @Option(
        names = "--role",
        paramLabel = "etl|model|all",
        description =
            "etl: ingest, features, score, report; model: prediction and training (DL4J);"
                + " all: both (default: the config file's scheduler.role, else all)")
    String role;

    @Option(
        names = "--cron",
        description =
            "the nightly chain's Quartz cron expression (default: schedule.cron, else "
                + NodeSettings.DEFAULT_CRON
                + ")")
    String cron;

    @Option(
        names = "--time-zone",
        description =
            "the cron's and the business date's time zone (default: schedule.time_zone, else"
                + " America/New_York)")
    ZoneId timeZone;

    @Option(
        names = "--source",
        paramLabel = "csv:PATH",
        description = "what the ingest step reads (repeatable; default: the config file's sources)")
    List<String> sources = List.of();

    @Option(
        names = "--cluster-checkin-ms",
        defaultValue = "5000",
        description =
            "how often the node checks in; a node silent for longer is taken for dead and its"
                + " stage runs elsewhere; default ${DEFAULT-VALUE}")
    long checkinMillis;

    NodeSettings settings(StockpipeConfig config) {
      SchedulerSettings scheduler = config.scheduler();
      return NodeSettings.defaults(role != null ? Role.parse(role) : scheduler.role())
          .withCron(
              cron != null ? cron : config.schedule().cron(),
              timeZone != null ? timeZone : config.schedule().timeZone())
          .withRetry(new RetryPolicy(scheduler.transientRetries() + 1, scheduler.retryBackoff()))
          .withClusterCheckin(Duration.ofMillis(checkinMillis));
    }

    SourcesForDate sourcesForDate(StockpipeConfig config) {
      if (sources.isEmpty()) {
        return SourcesForDate.configured(config.sources());
      }
      List<PriceSource> parsed =
          sources.stream()
              .map(
                  source -> {
                    if (!source.startsWith("csv:")) {
                      throw new BadInputException(
                          "--source takes csv:PATH (HTTP sources go in stockpipe.yaml), was '"
                              + source
                              + "'");
                    }
                    return (PriceSource) new CsvPathSource(Path.of(source.substring(4)));
                  })
              .toList();
      return (from, to) -> parsed;
    }
  }

  /**
   * How a node's retrain trigger is set up: {@code scheduler start}'s flags, else the {@code
   * retrain:} section of stockpipe.yaml, else the defaults.
   */
  static final class RetrainOptions {
    @Option(
        names = "--retrain-cron",
        paramLabel = "CRON",
        description =
            "the retrain's Quartz cron expression, in --time-zone, which a node with role model or"
                + " all installs for the cluster (default: retrain.cron, else "
                + NodeSettings.DEFAULT_RETRAIN_CRON
                + ")")
    String cron;

    @Option(
        names = "--no-retrain",
        description =
            "remove the cluster's retrain trigger (a model or all node): no retrain (as"
                + " retrain.enabled: false)")
    boolean off;

    @Option(
        names = "--retrain-model",
        paramLabel = "dense|cnn",
        description =
            "the retrain's architecture, with its default network (default: retrain.model)")
    String architecture;

    @Option(
        names = "--retrain-years",
        paramLabel = "N",
        description = "years the retrain's candidate learns from (default: retrain.training_years)")
    Integer years;

    @Option(
        names = "--retrain-margin",
        paramLabel = "X",
        description =
            "rank IC the candidate must gain to be promoted (default: retrain.promote_margin)")
    Double margin;

    NodeSettings applyTo(NodeSettings settings, StockpipeConfig config) {
      RetrainSection file = config.retrain();
      RetrainPolicy defaults =
          RetrainPolicy.defaults(
              architecture != null ? Architecture.parse(architecture) : file.model());
      boolean enabled = !off && file.enabled();
      return settings
          .withRetrainCron(enabled ? (cron != null ? cron : file.cron()) : null)
          .withRetrainPolicy(
              new RetrainPolicy(
                  defaults.network(),
                  defaults.label(),
                  years != null ? years : file.trainingYears(),
                  margin != null ? margin : file.promoteMargin()));
    }
  }

  /** The node of this process, its steps reporting to {@code out}. */
  static QuartzNode node(
      Database database,
      Path home,
      NodeSettings settings,
      String exchange,
      SourcesForDate sources,
      SparkSettings spark,
      PrintWriter out) {
    JobAudit audit =
        new JobAudit(database, "node pid " + ProcessHandle.current().pid(), settings.leaseWait());
    PipelineSteps steps =
        new PipelineSteps(
            database, sources, spark, ReportStep.dated(database, home), Progress.Factory.TERMINAL);
    PipelineRunner runner =
        new PipelineRunner(
            steps,
            audit,
            settings.retry(),
            line -> {
              out.println(line);
              out.flush();
            });
    RetrainRun retrain =
        new RetrainRun(
            database,
            audit,
            Progress.Factory.TERMINAL,
            line -> {
              out.println(line);
              out.flush();
            });
    return new QuartzNode(
        database,
        settings,
        runner,
        audit,
        TradingCalendar.load(database.dataSource(), exchange),
        retrain);
  }

  @Command(
      name = "start",
      description = {
        "Run a scheduler node in the foreground until SIGTERM (which lets the running step end,"
            + " then exits 0). Logs go to its file, each step's progress to the terminal. A node"
            + " with role model or all also installs the weekly retrain (--retrain-cron, or"
            + " --no-retrain to remove it).",
        "  ./stockpipe scheduler start --role etl --source csv:/data/incoming"
      })
  static final class Start implements Runnable {
    @Mixin DatabaseOptions options;
    @Mixin SparkOptions sparkOptions;
    @Mixin NodeOptions node;
    @Mixin RetrainOptions retrain;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      StockpipeConfig config = options.stockpipeConfig();
      NodeSettings settings = retrain.applyTo(node.settings(config), config);
      CountDownLatch stopping = new CountDownLatch(1);
      CountDownLatch released = new CountDownLatch(1);
      try (Database database = options.openMigrated()) {
        QuartzNode quartz =
            node(
                database,
                options.config().home(),
                settings,
                config.schedule().exchange(),
                node.sourcesForDate(config),
                sparkOptions.settings(options),
                out);
        // SIGTERM runs the JVM's shutdown hooks: let the running step end, release the database,
        // then leave with 0, since a node told to stop is a node that stopped well.
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      out.println("stopping: letting the running step finish ...");
                      out.flush();
                      quartz.shutdown(true);
                      stopping.countDown();
                      awaitQuietly(released);
                      out.println("stopped");
                      out.flush();
                      Runtime.getRuntime().halt(0);
                    },
                    "stockpipe-node-stop"));
        quartz.start();
        out.println(
            "node "
                + quartz.instanceId()
                + " (pid "
                + ProcessHandle.current().pid()
                + ", role "
                + settings.role().key()
                + ") is running; next nightly: "
                + quartz.nextNightly().map(Object::toString).orElse("(no etl role here)")
                + "; next retrain: "
                + quartz.nextRetrain().map(Object::toString).orElse("(none installed)"));
        out.flush();
        awaitQuietly(stopping);
      } finally {
        SparkSessions.stop();
        released.countDown();
      }
    }

    private static void awaitQuietly(CountDownLatch latch) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Command(
      name = "trigger",
      description = {
        "Hand the cluster the chain of one business date now, as an operator; the nodes run it.",
        "  ./stockpipe scheduler trigger --date 2018-02-07"
      })
  static final class TriggerChain implements Runnable {
    @Mixin DatabaseOptions options;
    @Mixin SparkOptions sparkOptions;
    @Mixin NodeOptions node;
    @Spec CommandSpec spec;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD")
    LocalDate date;

    @Option(
        names = "--steps",
        split = ",",
        paramLabel = "STEP",
        description = "only these steps; default all")
    List<String> steps = Step.keys(Step.CHAIN);

    @Override
    public void run() {
      try (Database database = options.openMigrated()) {
        StockpipeConfig config = options.stockpipeConfig();
        QuartzNode client =
            node(
                database,
                options.config().home(),
                node.settings(config),
                config.schedule().exchange(),
                SourcesForDate.NONE,
                sparkOptions.settings(options),
                spec.commandLine().getOut());
        try {
          long chain =
              client
                  .driver()
                  .start(new ChainRequest(date, Step.parseList(steps), Trigger.OPERATOR), date);
          spec.commandLine()
              .getOut()
              .println(
                  "chain "
                      + chain
                      + " for "
                      + date
                      + " handed to the cluster; watch it with ./stockpipe runs --date "
                      + date);
        } finally {
          client.shutdown(false);
        }
      }
    }
  }
}
