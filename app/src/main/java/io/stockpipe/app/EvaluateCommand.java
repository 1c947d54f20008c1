package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.assessment.EvaluateService;
import io.stockpipe.model.assessment.EvaluateSummary;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.training.LeakCheck;
import io.stockpipe.progress.Progress;
import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe evaluate}: a registered model judged on dates after everything it saw. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Judge a registered model on dates after its training and validation: directional"
          + " accuracy, IC and rank IC with t-stats, top/bottom decile hit rates and the"
          + " long-short decile return, into model_evaluation beside the baselines. Also retrains"
          + " the same configuration on labels shuffled within each date (the leak check), with"
          + " several seeds: their mean rank IC must be near zero, judged by their spread.",
      "  ./stockpipe evaluate --model 3 --from 2017-02-08 --to 2018-02-07"
    })
public final class EvaluateCommand implements Runnable {
  @Mixin DatabaseOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "ID", description = "registry id")
  long modelId;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate to;

  @Option(
      names = "--symbols",
      paramLabel = "all|unseen",
      description =
          "all (default), or only the symbols the model did not learn from (its --holdout-symbols,"
              + " those outside its --symbols, those ingested since); unseen is stored as"
              + " <model name>-unseen-symbols")
  String symbols = "all";

  @Option(
      names = "--leak-shuffles",
      paramLabel = "N",
      description =
          "shuffles in the leak check, each a training with its own seed (default"
              + " ${DEFAULT-VALUE}, 1.."
              + LeakCheck.MAX_SHUFFLES
              + ")")
  int leakShuffles = LeakCheck.DEFAULT_SHUFFLES;

  @Override
  public void run() {
    boolean unseenOnly =
        switch (symbols) {
          case "all" -> false;
          case "unseen" -> true;
          default ->
              throw new BadInputException("--symbols must be all or unseen, was '" + symbols + "'");
        };
    LeakCheck.requireShuffles(leakShuffles);
    try (Database database = options.openMigrated()) {
      CommandAudit.run(
          database,
          spec,
          () ->
              evaluate(
                  database,
                  modelId,
                  DateRange.named("-", from, to),
                  unseenOnly,
                  leakShuffles,
                  spec.commandLine().getOut()));
    }
  }

  static EvaluateSummary evaluate(
      Database database,
      long modelId,
      DateRange test,
      boolean unseenOnly,
      int leakShuffles,
      PrintWriter out) {
    out.printf(
        "evaluate model %d on %s%s%n", modelId, test, unseenOnly ? ", symbols it never saw" : "");
    out.flush();
    EvaluateSummary summary =
        new EvaluateService(database)
            .evaluate(modelId, test, unseenOnly, leakShuffles, Progress.Factory.TERMINAL);
    out.print(summary.table());
    out.flush();
    return summary;
  }
}
