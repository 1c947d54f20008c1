package io.stockpipe.model.training;

import io.stockpipe.model.evaluation.EvaluationMetrics;
import java.util.List;
import java.util.Locale;

/**
 * What {@code stockpipe train} did.
 *
 * @param folds one model, or one per walk-forward fold
 * @param walkForwardRun the run's name in model_evaluation, or null
 * @param evaluation walk-forward: every fold's test predictions scored together, else null
 * @param leakCheck walk-forward with leak check: the first fold on shuffled labels, else null
 * @param seconds wall time
 */
public record TrainSummary(
    List<TrainedFold> folds,
    String walkForwardRun,
    EvaluationMetrics evaluation,
    LeakCheck.Result leakCheck,
    double seconds) {

  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-5s %-54s %-23s %-23s %7s %6s %9s %8s %9s%n",
            "id",
            "name",
            "trained on",
            "tested on",
            "samples",
            "epochs",
            "val loss",
            "val RIC",
            "status"));
    for (TrainedFold fold : folds) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-5d %-54s %-23s %-23s %7d %3d/%-2d %9.4f %8.4f %9s%n",
              fold.model().id(),
              fold.model().name(),
              fold.model().training().from() + ".." + fold.model().validation().to(),
              fold.test() == null ? "-" : fold.test().toString(),
              fold.trainingSamples(),
              fold.outcome().bestEpoch(),
              fold.outcome().epochs().size(),
              fold.outcome().bestValidationLoss(),
              fold.outcome().validationRankIc(),
              fold.model().status().key()));
      if (fold.model().metrics().get("tuned") instanceof String tuned) {
        out.append(
            String.format(
                Locale.ROOT,
                "      tuned on its validation dates: %s (best of %d)%n",
                tuned,
                ((List<?>) fold.model().metrics().get("tuning")).size()));
      }
    }
    if (evaluation != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "walk-forward %s: %d predictions on %d dates, rank IC %s (t %s), IC %s,"
                  + " direction %s, long-short %s/day (t %s)%n",
              walkForwardRun,
              evaluation.testRows(),
              evaluation.testDays(),
              number(evaluation.rankIc().mean()),
              number(evaluation.rankIc().tStat()),
              number(evaluation.ic().mean()),
              number(evaluation.directionalAccuracy()),
              number(evaluation.deciles().longShort().mean()),
              number(evaluation.deciles().longShort().tStat())));
    }
    if (leakCheck != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "leak check (labels shuffled within each date, first fold): %s%n",
              leakCheck.verdict()));
    }
    out.append(String.format(Locale.ROOT, "%.1f s%n", seconds));
    return out.toString();
  }

  static String number(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }
}
