package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.runs.CommandRun;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.ChainRequest;
import io.stockpipe.scheduler.ChainResult;
import io.stockpipe.scheduler.PipelineRunner;
import io.stockpipe.scheduler.PipelineSteps;
import io.stockpipe.scheduler.ReportStep;
import io.stockpipe.scheduler.RetryPolicy;
import io.stockpipe.scheduler.SourcesForDate;
import io.stockpipe.scheduler.Step;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.config.StockpipeConfig;
import io.stockpipe.spark.SparkSessions;
import io.stockpipe.spark.SparkSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe run --date D}: the chain of one business date in the foreground. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the chain of one business date in the foreground, without a scheduler: ingest (the"
          + " sources of stockpipe.yaml), features, predict, score, report; each step only if"
          + " the one before it did not fail, each recorded in job_run.",
      "  ./stockpipe run --date 2018-02-07",
      "  ./stockpipe run --date 2018-02-07 --steps features,predict"
    })
public final class RunCommand implements Callable<Integer> {
  @Mixin DatabaseOptions options;
  @Mixin SparkOptions sparkOptions;
  @Spec CommandSpec spec;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "business date")
  LocalDate date;

  @Option(
      names = "--steps",
      split = ",",
      paramLabel = "STEP",
      description = "only these steps (ingest,features,predict,score,report); default all")
  List<String> steps = Step.keys(Step.CHAIN);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = options.openMigrated()) {
      StockpipeConfig config = options.stockpipeConfig();
      ChainResult result =
          runner(
                  database,
                  options.config().home(),
                  SourcesForDate.configured(config.sources()),
                  sparkOptions.settings(options),
                  RetryPolicy.NONE,
                  out)
              .run(new ChainRequest(date, Step.parseList(steps), Trigger.OPERATOR));
      return result.succeeded() ? 0 : Main.EXIT_FAILED;
    } finally {
      SparkSessions.stop();
    }
  }

  /** The chain's runner for a command of this process, recorded as node {@code cli@host:pid}. */
  static PipelineRunner runner(
      Database database,
      Path home,
      SourcesForDate sources,
      SparkSettings spark,
      RetryPolicy retry,
      PrintWriter out) {
    PipelineSteps steps =
        new PipelineSteps(
            database, sources, spark, ReportStep.dated(database, home), Progress.Factory.TERMINAL);
    JobAudit audit =
        new JobAudit(
            database,
            "cli@" + CommandRun.hostName() + ":" + ProcessHandle.current().pid(),
            Duration.ofMinutes(5));
    return new PipelineRunner(
        steps,
        audit,
        retry,
        line -> {
          out.println(line);
          out.flush();
        });
  }
}
