package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.model.prediction.PredictService;
import io.stockpipe.model.prediction.PredictSummary;
import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe predict --date D}: the active model's predictions for every symbol. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict the next return of every symbol with complete features on --date, using the"
          + " active model (or --model ID), rank them across symbols and upsert them into"
          + " prediction. Running it again replaces the same rows.",
      "  ./stockpipe predict --date 2018-02-07"
    })
public final class PredictCommand implements Runnable {
  @Mixin DatabaseOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "the as-of date: the last date whose data the model reads")
  LocalDate date;

  @Option(names = "--model", paramLabel = "ID", description = "default: the active model")
  Long modelId;

  @Option(names = "--top", description = "best and worst ranks to print (default 10)")
  int top = 10;

  @Override
  public void run() {
    try (Database database = options.openMigrated()) {
      CommandAudit.run(
          database, spec, () -> predict(database, date, modelId, top, spec.commandLine().getOut()));
    }
  }

  static PredictSummary predict(
      Database database, LocalDate date, Long modelId, int top, PrintWriter out) {
    PredictSummary summary = new PredictService(database).predict(date, modelId);
    out.print(summary.table(top));
    out.flush();
    return summary;
  }
}
