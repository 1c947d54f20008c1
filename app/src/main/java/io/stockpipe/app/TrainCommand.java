package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.blend.BlendService;
import io.stockpipe.model.blend.BlendSummary;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.training.LeakCheck;
import io.stockpipe.model.training.TrainRequest;
import io.stockpipe.model.training.TrainService;
import io.stockpipe.model.training.TrainSummary;
import io.stockpipe.model.training.Tuning;
import io.stockpipe.model.training.WalkForward;
import io.stockpipe.progress.Progress;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe train}: a DL4J model on feature_row/label_row, registered as a candidate. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a Deeplearning4j model on feature_row and label_row and register it in"
          + " model_registry as a candidate. The last 20%% of the dates validate (early stopping);"
          + " input scaling is fitted on the training dates only. With --walk-forward, every"
          + " period from --test-from on is predicted by a model trained only on earlier dates;"
          + " the predictions go to prediction and their metrics to model_evaluation.",
      "  ./stockpipe train --model dense --from 2013-02-08 --to 2016-12-30",
      "  ./stockpipe train --model cnn --from 2013-02-08 --to 2018-02-07 --walk-forward 1y",
      "  ./stockpipe train --model blend --target rank --from 2013-02-08 --to 2016-12-30"
    })
public final class TrainCommand implements Runnable {
  @Mixin DatabaseOptions options;
  @Mixin NetworkOptions network;
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "dense|cnn|blend",
      description =
          "dense: MLP on one day's features; cnn: 1-D CNN over the last days; blend: a dense"
              + " network, a CNN and MLlib GBT (the baseline's grid) on the same samples, their"
              + " per-date ranks weighted on a 0.1-step grid by validation rank IC, one registry"
              + " row (not with --walk-forward, --tune, --ensemble or --target sign; evaluate's"
              + " leak check retrains its dense member only)")
  String architecture;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate to;

  @Option(
      names = "--walk-forward",
      paramLabel = "PERIOD",
      description = "retrain every PERIOD (1y, 6m, 13w, 90d) and predict the next one")
  String walkForward;

  @Option(
      names = "--test-from",
      paramLabel = "YYYY-MM-DD",
      description =
          "with --walk-forward: the first date predicted (default: one PERIOD before --to, i.e."
              + " the last period)")
  LocalDate testFrom;

  @Option(
      names = "--label",
      paramLabel = "COLUMN",
      description = "next_return_1d (default) or forward_return_5d")
  String label;

  @Option(
      names = "--feature-set",
      paramLabel = "VERSION",
      description = "feature_set version (default: the newest without normalisation)")
  String featureSet;

  @Option(names = "--symbols", split = ",", paramLabel = "A,B", description = "only these")
  List<String> symbols;

  @Option(
      names = "--holdout-symbols",
      paramLabel = "PERCENT",
      description =
          "leave about PERCENT%% of the symbols out of training, chosen by a fixed hash of the"
              + " ticker; `evaluate --symbols unseen` judges the model on them (default 0)")
  int holdoutPercent;

  @Option(
      names = "--tune",
      paramLabel = "NAME=V1,V2",
      description =
          "try these values (repeatable; every combination, at most 24) and keep the one with the"
              + " highest validation rank IC (the first of equals): learning-rate, dropout, l2,"
              + " hidden (64x32), batch-size, conv-channels, kernel-size")
  List<String> tune;

  @Option(
      names = "--no-leak-check",
      description =
          "with --walk-forward: skip training the first fold again on labels shuffled within"
              + " each date")
  boolean noLeakCheck;

  @Option(
      names = "--leak-shuffles",
      paramLabel = "N",
      description =
          "with --walk-forward: shuffles in the leak check, each a training with its own seed;"
              + " their spread is what the mean rank IC is judged by (default "
              + LeakCheck.DEFAULT_SHUFFLES
              + ", 1.."
              + LeakCheck.MAX_SHUFFLES
              + ")")
  Integer leakShuffles;

  @Override
  public void run() {
    try (Database database = options.openMigrated()) {
      TrainRequest request = request();
      CommandAudit.run(database, spec, () -> train(database, request, spec.commandLine().getOut()));
    }
  }

  TrainRequest request() {
    if (testFrom != null && walkForward == null) {
      throw new BadInputException("--test-from needs --walk-forward");
    }
    if (leakShuffles != null) {
      if (walkForward == null) {
        throw new BadInputException(
            "--leak-shuffles is for --walk-forward (evaluate runs its own leak check: evaluate"
                + " --leak-shuffles)");
      }
      if (noLeakCheck) {
        throw new BadInputException("--leak-shuffles and --no-leak-check contradict each other");
      }
      LeakCheck.requireShuffles(leakShuffles);
    }
    DateRange range = DateRange.named("-", from, to);
    WalkForward folds = null;
    if (walkForward != null) {
      Period period = WalkForward.parsePeriod(walkForward);
      folds = new WalkForward(period, testFrom != null ? testFrom : to.minus(period).plusDays(1));
    }
    return new TrainRequest(
        network.config(Architecture.parse(architecture)),
        label == null ? Label.NEXT_RETURN_1D : Label.parse(label),
        featureSet,
        range,
        folds,
        new SymbolScope(symbols, holdoutPercent),
        noLeakCheck ? 0 : leakShuffles == null ? LeakCheck.DEFAULT_SHUFFLES : leakShuffles,
        Tuning.parse(tune));
  }

  /** What {@code train} registered: the id to print next steps for. */
  static long train(Database database, TrainRequest request, PrintWriter out) {
    if (request.config().architecture() == Architecture.BLEND) {
      out.printf("train blend (dense, cnn, gbt) on %s%n", request.range());
      out.flush();
      BlendSummary summary =
          new BlendService(database)
              .train(request, BlendService.DEFAULT_TREES, Progress.Factory.TERMINAL);
      out.print(summary.table());
      printNext(out, summary.model());
      return summary.model().id();
    }
    TrainSummary summary = trainNetwork(database, request, out);
    return summary.folds().get(0).model().id();
  }

  static TrainSummary trainNetwork(Database database, TrainRequest request, PrintWriter out) {
    out.printf(
        "train %s on %s%s%n",
        request.config().architecture().key(),
        request.range(),
        request.walkForward() == null
            ? ""
            : ", walk-forward every "
                + request.walkForward().period()
                + " from "
                + request.walkForward().testFrom());
    out.flush();
    TrainSummary summary = new TrainService(database).train(request, Progress.Factory.TERMINAL);
    out.print(summary.table());
    if (request.walkForward() == null) {
      printNext(out, summary.folds().get(0).model());
    }
    out.flush();
    return summary;
  }

  private static void printNext(PrintWriter out, RegisteredModel model) {
    out.printf(
        "next: ./stockpipe evaluate --model %d --from D --to D   (dates after %s)%n"
            + "      ./stockpipe model promote %d                  (then: ./stockpipe predict"
            + " --date D)%n",
        model.id(), model.validation().to(), model.id());
    out.flush();
  }
}
