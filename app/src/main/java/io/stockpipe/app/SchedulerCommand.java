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
import io.stockpipe.scheduler.SourcesForDate;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.node.NodeSettings;
import io.stockpipe.scheduler.node.QuartzNode;
import io.stockpipe.scheduler.node.Role;
import io.stockpipe.scheduler.retrain.RetrainPolicy;
import io.stockpipe.scheduler.retrain.RetrainRun;
import io.stockpipe.spark.SparkSessions;
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

  /** What a node and a client of the cluster share: where, how, with which sources. */
  static final class NodeOptions {
    @Option(
        names = "--role",
        defaultValue = "all",
        paramLabel = "etl|model|all",
        description =
            "etl: ingest, features, score, report; model: prediction and training (DL4J);"
                + " all (default): both")
    String role;

    @Option(
        names = "--cron",
        defaultValue = NodeSettings.DEFAULT_CRON,
        description = "the nightly chain's Quartz cron expression; default ${DEFAULT-VALUE}")
    String cron;

    @Option(
        names = "--time-zone",
        defaultValue = "America/New_York",
        description = "the cron's and the business date's time zone; default ${DEFAULT-VALUE}")
    ZoneId timeZone;

    @Option(
        names = "--source",
        paramLabel = "csv:PATH",
        description = "what the ingest step reads (repeatable); none: prices arrive otherwise")
    List<String> sources = List.of();

    @Option(
        names = "--cluster-checkin-ms",
        defaultValue = "5000",
        description =
            "how often the node checks in; a node silent for longer is taken for dead and its"
                + " stage runs elsewhere; default ${DEFAULT-VALUE}")
    long checkinMillis;

    NodeSettings settings() {
      return NodeSettings.defaults(Role.parse(role))
          .withCron(cron, timeZone)
          .withClusterCheckin(Duration.ofMillis(checkinMillis));
    }

    SourcesForDate sourcesForDate() {
      List<PriceSource> parsed =
          sources.stream()
              .map(
                  source -> {
                    if (!source.startsWith("csv:")) {
                      throw new BadInputException("--source takes csv:PATH, was '" + source + "'");
                    }
                    return (PriceSource) new CsvPathSource(Path.of(source.substring(4)));
                  })
              .toList();
      return (from, to) -> parsed;
    }
  }

  /** How a node's retrain trigger is set up: {@code scheduler start}'s flags. */
  static final class RetrainOptions {
    @Option(
        names = "--retrain-cron",
        defaultValue = NodeSettings.DEFAULT_RETRAIN_CRON,
        paramLabel = "CRON",
        description =
            "the retrain's Quartz cron expression, in --time-zone, which a node with role model or"
                + " all installs for the cluster; default ${DEFAULT-VALUE}")
    String cron;

    @Option(
        names = "--no-retrain",
        description = "remove the cluster's retrain trigger (a model or all node): no retrain")
    boolean off;

    @Option(
        names = "--retrain-model",
        defaultValue = "dense",
        paramLabel = "dense|cnn",
        description =
            "the retrain's architecture, with its default network; default ${DEFAULT-VALUE}")
    String architecture;

    @Option(
        names = "--retrain-years",
        defaultValue = "" + RetrainPolicy.DEFAULT_TRAINING_YEARS,
        paramLabel = "N",
        description = "years the retrain's candidate learns from; default ${DEFAULT-VALUE}")
    int years;

    @Option(
        names = "--retrain-margin",
        defaultValue = "" + RetrainPolicy.DEFAULT_PROMOTE_MARGIN,
        paramLabel = "X",
        description = "rank IC the candidate must gain to be promoted; default ${DEFAULT-VALUE}")
    double margin;

    NodeSettings applyTo(NodeSettings settings) {
      RetrainPolicy defaults = RetrainPolicy.defaults(Architecture.parse(architecture));
      return settings
          .withRetrainCron(off ? null : cron)
          .withRetrainPolicy(
              new RetrainPolicy(defaults.network(), defaults.label(), years, margin));
    }
  }

  /** The node of this process, its steps reporting to {@code out}. */
  static QuartzNode node(
      Database database,
      NodeSettings settings,
      SourcesForDate sources,
      SparkOptions spark,
      PrintWriter out) {
    JobAudit audit =
        new JobAudit(database, "node pid " + ProcessHandle.current().pid(), settings.leaseWait());
    PipelineSteps steps =
        new PipelineSteps(
            database, sources, spark.settings(), ReportStep.NONE, Progress.Factory.TERMINAL);
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
        database, settings, runner, audit, TradingCalendar.load(database.dataSource()), retrain);
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
      NodeSettings settings = retrain.applyTo(node.settings());
      CountDownLatch stopping = new CountDownLatch(1);
      CountDownLatch released = new CountDownLatch(1);
      try (Database database = options.openMigrated()) {
        QuartzNode quartz = node(database, settings, node.sourcesForDate(), sparkOptions, out);
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
        QuartzNode client =
            node(
                database,
                node.settings(),
                SourcesForDate.NONE,
                sparkOptions,
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
