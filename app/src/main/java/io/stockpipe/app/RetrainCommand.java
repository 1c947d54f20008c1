package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.runs.CommandRun;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.Trigger;
import io.stockpipe.scheduler.audit.JobAudit;
import io.stockpipe.scheduler.node.NodeSettings;
import io.stockpipe.scheduler.retrain.RetrainPolicy;
import io.stockpipe.scheduler.retrain.RetrainRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe retrain}: the weekly retrain, once, in the foreground. */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Train a candidate on the last --years of dates with labels, score it and the active model"
          + " on the candidate's validation dates (the last 20%%) by mean daily rank IC, and"
          + " promote it only if it is better by --margin (or if no model is active). The"
          + " decision and both scores go to retrain_decision, the run to job_run (step"
          + " retrain). What a model node's weekly trigger runs.",
      "  ./stockpipe retrain",
      "  ./stockpipe retrain --model cnn --years 3 --margin 0.005"
    })
public final class RetrainCommand implements Callable<Integer> {
  @Mixin DatabaseOptions options;
  @Mixin NetworkOptions network;
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "dense",
      paramLabel = "dense|cnn",
      description = "the candidate's architecture; default ${DEFAULT-VALUE}")
  String architecture;

  @Option(
      names = "--years",
      defaultValue = "" + RetrainPolicy.DEFAULT_TRAINING_YEARS,
      paramLabel = "N",
      description = "years of dates back from the newest with labels; default ${DEFAULT-VALUE}")
  int years;

  @Option(
      names = "--margin",
      defaultValue = "" + RetrainPolicy.DEFAULT_PROMOTE_MARGIN,
      paramLabel = "X",
      description =
          "rank IC the candidate must gain over the active model (negative: it may lose that"
              + " much); default ${DEFAULT-VALUE}")
  double margin;

  @Option(
      names = "--label",
      defaultValue = "next_return_1d",
      paramLabel = "COLUMN",
      description = "next_return_1d (default) or forward_return_5d; the active model's label")
  String label;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RetrainPolicy policy = policy();
    try (Database database = options.openMigrated()) {
      JobAudit audit =
          new JobAudit(
              database,
              "cli@" + CommandRun.hostName() + ":" + ProcessHandle.current().pid(),
              Duration.ofMinutes(5));
      RetrainRun.Outcome outcome =
          new RetrainRun(
                  database,
                  audit,
                  Progress.Factory.TERMINAL,
                  line -> {
                    out.println(line);
                    out.flush();
                  })
              .run(policy, LocalDate.now(NodeSettings.DEFAULT_ZONE), Trigger.OPERATOR);
      outcome.decision().ifPresent(decision -> out.print(decision.describe()));
      out.flush();
      return outcome.result().failed() ? Main.EXIT_FAILED : 0;
    }
  }

  RetrainPolicy policy() {
    return new RetrainPolicy(
        network.config(Architecture.parse(architecture)), Label.parse(label), years, margin);
  }
}
