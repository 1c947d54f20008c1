package io.stockpipe.app;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.runs.CommandRun;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.PipelineSteps;
import io.stockpipe.scheduler.ReportStep;
import io.stockpipe.scheduler.RetryPolicy;
import io.stockpipe.scheduler.SourcesForDate;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.backfill.Backfill;
import io.stockpipe.scheduler.backfill.BackfillMode;
import io.stockpipe.scheduler.backfill.BackfillPlan;
import io.stockpipe.scheduler.backfill.BackfillProgress;
import io.stockpipe.scheduler.backfill.BackfillRequest;
import io.stockpipe.scheduler.backfill.BackfillStatus;
import io.stockpipe.scheduler.backfill.Backfills;
import io.stockpipe.scheduler.config.StockpipeConfig;
import io.stockpipe.scheduler.node.NodeSettings;
import io.stockpipe.scheduler.node.QuartzNode;
import io.stockpipe.scheduler.node.Role;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stockpipe backfill}: steps over a range of past dates, unit by unit, below the nightly.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Run features, predict and score over the trading dates of a past range: the request is"
          + " recorded, cut into units of up to --unit-dates dates per step (a features unit is one"
          + " Spark job) and handed to the scheduler nodes, which run the units one after another"
          + " at a lower priority than the nightly. A prediction of a date comes only from a model"
          + " that learned before it: dates inside the active model's training and validation"
          + " dates are skipped, with that reason.",
      "  ./stockpipe backfill --from 2017-01-03 --to 2017-12-29 --dry-run",
      "  ./stockpipe backfill --from 2017-01-03 --to 2017-12-29 --wait",
      "  ./stockpipe backfill --from 2017-01-03 --to 2017-12-29 --steps features --here",
      "  ./stockpipe backfill list | show 7 | cancel 7 | resume 7 [--wait] [--here]",
      "Exit codes with --wait or --here: 0 the backfill succeeded, 1 it failed or was cancelled."
    },
    subcommands = {
      BackfillCommand.ListBackfills.class,
      BackfillCommand.Show.class,
      BackfillCommand.Cancel.class,
      BackfillCommand.Resume.class
    })
public final class BackfillCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(BackfillCommand.class);

  @Mixin DatabaseOptions options;
  @Mixin SparkOptions sparkOptions;
  @Mixin Follow follow;
  @Spec CommandSpec spec;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first date of the range")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last date of the range")
  LocalDate to;

  @Option(
      names = "--steps",
      split = ",",
      paramLabel = "STEP",
      description =
          "among features,predict,score,report (default: the first three; report writes the"
              + " report of each unit's last date)")
  List<String> steps = Step.keys(BackfillRequest.STEPS);

  @Option(
      names = "--symbols",
      split = ",",
      paramLabel = "A,B",
      description = "only these symbols; with --steps features alone")
  List<String> symbols = List.of();

  @Option(
      names = "--mode",
      defaultValue = "missing",
      paramLabel = "missing|failed|all",
      description =
          "missing (default): (date, step) pairs without a succeeded or skipped run; failed: those"
              + " whose last run failed; all: every pair")
  String mode;

  @Option(
      names = "--unit-dates",
      defaultValue = "" + BackfillRequest.DEFAULT_UNIT_DATES,
      paramLabel = "N",
      description = "the most trading dates in one unit; default ${DEFAULT-VALUE}")
  int unitDates;

  @Option(
      names = "--dry-run",
      description = "list the (date, step, current status) it would run and change nothing")
  boolean dryRun;

  @Override
  public Integer call() {
    if (from == null || to == null) {
      throw new BadInputException(
          "backfill needs --from and --to (or one of: list, show ID, cancel ID, resume ID)");
    }
    BackfillRequest request =
        new BackfillRequest(
            from,
            to,
            Step.parseList(steps),
            symbols,
            BackfillMode.parse(mode),
            unitDates,
            requestedBy());
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = options.openMigrated()) {
      if (dryRun) {
        BackfillPlan plan = inProcess(database, options, SparkSettings.defaults()).plan(request);
        out.print(plan.describe());
        out.println("dry run: nothing was recorded or changed");
        return 0;
      }
      return CommandAudit.run(
          database,
          spec,
          () ->
              follow.start(
                  database, options, sparkOptions, out, backfills -> backfills.submit(request)));
    } finally {
      SparkSessions.stop();
    }
  }

  /** How a new or resumed backfill is followed: handed to the cluster, waited for, or run here. */
  static final class Follow {
    @Option(
        names = "--wait",
        description = "follow it to its end with a progress line (units, dates, ETA)")
    boolean waitForIt;

    @Option(
        names = "--here",
        description =
            "run the units in this process instead of on scheduler nodes (implies --wait); an"
                + " operator's way without a node")
    boolean here;

    int start(
        Database database,
        DatabaseOptions options,
        SparkOptions sparkOptions,
        PrintWriter out,
        Function<Backfills, Backfill> submit) {
      SparkSettings spark = sparkOptions.settings(options);
      if (here) {
        Backfills backfills = inProcess(database, options, spark);
        Backfill backfill = submit.apply(backfills);
        out.printf(
            "backfill %d: %d unit(s) to run in this process (interrupted, it goes on with"
                + " ./stockpipe backfill resume %d)%n",
            backfill.id(), backfill.units().total() - backfill.units().done(), backfill.id());
        out.flush();
        Thread watcher = new Thread(() -> watch(backfills, backfill.id()), "backfill-progress");
        watcher.setDaemon(true);
        watcher.start();
        Backfill ended = backfills.runHere(backfill.id());
        join(watcher);
        return report(out, ended);
      }
      QuartzNode client =
          SchedulerCommand.node(
              database,
              options.config().home(),
              NodeSettings.defaults(Role.ALL),
              options.stockpipeConfig().schedule().exchange(),
              SourcesForDate.NONE,
              spark,
              out);
      try {
        Backfill backfill = submit.apply(client.backfills());
        out.printf(
            "backfill %d: %d unit(s) handed to the scheduler nodes%n",
            backfill.id(), backfill.units().total() - backfill.units().done());
        if (!backfill.status().ended()) {
          BackfillTables.warnWithoutNodes(database, backfill, out);
        }
        out.flush();
        if (!waitForIt || backfill.status().ended()) {
          if (backfill.status().ended()) {
            return report(out, backfill);
          }
          out.printf(
              "follow it with ./stockpipe backfill show %d (or list); stop it with cancel %d%n",
              backfill.id(), backfill.id());
          return 0;
        }
        return report(out, watch(client.backfills(), backfill.id()));
      } finally {
        client.shutdown(false);
      }
    }

    private static Backfill watch(Backfills backfills, long id) {
      return new BackfillProgress(backfills, Progress.Factory.TERMINAL, Duration.ofSeconds(1))
          .await(id);
    }

    private static int report(PrintWriter out, Backfill backfill) {
      out.println("backfill " + backfill.describe());
      out.flush();
      return backfill.status() == BackfillStatus.SUCCEEDED ? 0 : Main.EXIT_FAILED;
    }

    private static void join(Thread thread) {
      try {
        thread.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Backfills whose units run in this process: the steps report to the log (the progress line is
   * the terminal's); transient failures are retried as the configuration says, as on a node.
   */
  static Backfills inProcess(Database database, DatabaseOptions options, SparkSettings spark) {
    StockpipeConfig config = options.stockpipeConfig();
    JobAudit audit =
        new JobAudit(
            database,
            "cli@" + CommandRun.hostName() + ":" + ProcessHandle.current().pid(),
            Duration.ofMinutes(10));
    PipelineSteps steps =
        new PipelineSteps(
            database,
            SourcesForDate.NONE,
            spark,
            ReportStep.dated(database, options.config().home()),
            Progress.Factory.SILENT);
    PipelineRunner runner =
        new PipelineRunner(
            steps,
            audit,
            new RetryPolicy(
                config.scheduler().transientRetries() + 1, config.scheduler().retryBackoff()),
            line -> log.info("{}", line));
    return new Backfills(
        database,
        audit,
        runner,
        TradingCalendar.load(database.dataSource(), config.schedule().exchange()),
        Backfills.UnitScheduler.IN_PROCESS,
        QuartzNode.BACKFILL_YIELD);
  }

  static String requestedBy() {
    return System.getProperty("user.name", "?") + "@" + CommandRun.hostName();
  }

  @Command(name = "list", description = "The newest backfills with their progress.")
  static final class ListBackfills implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Option(names = "--limit", defaultValue = "20", description = "default ${DEFAULT-VALUE}")
    int limit;

    @Override
    public void run() {
      try (Database database = options.openMigrated()) {
        spec.commandLine()
            .getOut()
            .print(
                BackfillTables.list(
                    inProcess(database, options, SparkSettings.defaults()).list(limit)));
      }
    }
  }

  @Command(name = "show", description = "One backfill: its request, its units, who runs them.")
  static final class Show implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID")
    long id;

    @Override
    public void run() {
      try (Database database = options.openMigrated()) {
        Backfills backfills = inProcess(database, options, SparkSettings.defaults());
        spec.commandLine()
            .getOut()
            .print(BackfillTables.show(database, backfills.get(id), backfills.units(id)));
      }
    }
  }

  @Command(
      name = "cancel",
      description = "Stop a backfill after the unit running now; its queued units do not start.")
  static final class Cancel implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID")
    long id;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try (Database database = options.openMigrated()) {
        Backfill cancelled =
            CommandAudit.run(
                database,
                spec,
                () ->
                    inProcess(database, options, SparkSettings.defaults())
                        .cancel(id, requestedBy()));
        out.println(
            "backfill "
                + id
                + " cancelled"
                + cancelled
                    .running()
                    .map(unit -> "; the running unit (" + unit + ") finishes first")
                    .orElse("")
                + "; ./stockpipe backfill resume "
                + id
                + " goes on with what did not succeed");
      }
    }
  }

  @Command(
      name = "resume",
      description =
          "Go on with a failed, cancelled or interrupted backfill: re-plan the pairs of its range"
              + " that did not succeed (missing or failed) and run them under the same id.")
  static final class Resume implements Callable<Integer> {
    @Mixin DatabaseOptions options;
    @Mixin SparkOptions sparkOptions;
    @Mixin Follow follow;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID")
    long id;

    @Override
    public Integer call() {
      try (Database database = options.openMigrated()) {
        return CommandAudit.run(
            database,
            spec,
            () ->
                follow.start(
                    database,
                    options,
                    sparkOptions,
                    spec.commandLine().getOut(),
                    backfills -> backfills.resume(id)));
      } finally {
        SparkSessions.stop();
      }
    }
  }
}
