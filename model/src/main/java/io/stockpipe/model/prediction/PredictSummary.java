package io.stockpipe.model.prediction;

import io.stockpipe.model.registry.RegisteredModel;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * What {@code stockpipe predict} wrote.
 *
 * @param model the model that predicted
 * @param asOfDate the date predicted from
 * @param rows every prediction, best rank first
 * @param loadSeconds reading the model from the registry
 * @param predictSeconds reading features, inference and writing, after the model was loaded
 */
public record PredictSummary(
    RegisteredModel model,
    LocalDate asOfDate,
    List<PredictionRow> rows,
    double loadSeconds,
    double predictSeconds) {

  /** The {@code top} best and worst ranked symbols. */
  public String table(int top) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d predictions as of %s (target %s) by model %d %s; loaded in %.2f s, predicted and"
                + " stored in %.2f s%n",
            rows.size(),
            asOfDate,
            rows.isEmpty() ? "-" : rows.get(0).targetDate(),
            model.id(),
            model.name(),
            loadSeconds,
            predictSeconds));
    out.append(
        String.format(
            Locale.ROOT,
            "%5s  %-10s %12s %9s %11s%n",
            "rank",
            "symbol",
            "pred. return",
            "dir",
            "P(up)"));
    for (int i = 0; i < rows.size(); i++) {
      if (i < top || i >= rows.size() - top) {
        PredictionRow row = rows.get(i);
        out.append(
            String.format(
                Locale.ROOT,
                "%5d  %-10s %12s %9d %11s%n",
                row.rank(),
                row.symbol(),
                row.predictedReturn() == null
                    ? "-"
                    : String.format(Locale.ROOT, "%+.5f", row.predictedReturn()),
                row.direction(),
                row.probabilityUp() == null
                    ? "-"
                    : String.format(Locale.ROOT, "%.3f", row.probabilityUp())));
      } else if (i == top) {
        out.append("  ...\n");
      }
    }
    return out.toString();
  }
}
