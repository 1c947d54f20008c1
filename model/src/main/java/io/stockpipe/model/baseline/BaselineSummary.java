package io.stockpipe.model.baseline;

import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.RowCounts;
import io.stockpipe.model.evaluation.EvaluationMetrics;
import java.util.List;
import java.util.Locale;

/**
 * What one {@code stockpipe baseline} run did.
 *
 * @param featureSetVersion the feature set read
 * @param label what was predicted
 * @param training the training range asked for
 * @param test the test range asked for
 * @param rows rows read, dropped and kept
 * @param models one result per baseline, in the order they ran
 */
public record BaselineSummary(
    String featureSetVersion,
    Label label,
    DateRange training,
    DateRange test,
    RowCounts rows,
    List<ModelResult> models) {
  public BaselineSummary {
    models = List.copyOf(models);
  }

  public ModelResult model(String modelName) {
    return models.stream()
        .filter(model -> model.modelName().equals(modelName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model " + modelName));
  }

  /** A fixed-width table for the terminal, one line per model; "-" where a metric is undefined. */
  public String table() {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "feature set %s, label %s, train %s, test %s%n"
                + "rows: train %,d, test %,d, dropped %,d (incomplete features %,d, no label %,d)%n",
            featureSetVersion,
            label.column(),
            training,
            test,
            rows.trainingKept(),
            rows.testKept(),
            rows.dropped(),
            rows.droppedIncompleteFeatures(),
            rows.droppedMissingLabel()));
    table.append(
        String.format(
            Locale.ROOT,
            "%-20s %-6s %8s %8s %8s %8s %8s %10s %8s  %s%n",
            "model",
            "kind",
            "dir_acc",
            "ic",
            "ic_t",
            "rank_ic",
            "rank_t",
            "rmse",
            "seconds",
            "hyper-parameters"));
    for (ModelResult model : models) {
      EvaluationMetrics metrics = model.metrics();
      table.append(
          String.format(
              Locale.ROOT,
              "%-20s %-6s %8s %8s %8s %8s %8s %10.6f %8.1f  %s%n",
              model.modelName(),
              model.kind().key(),
              number(metrics.directionalAccuracy()),
              number(metrics.ic().mean()),
              number(metrics.ic().tStat()),
              number(metrics.rankIc().mean()),
              number(metrics.rankIc().tStat()),
              metrics.rmse(),
              model.elapsed().toMillis() / 1000.0,
              model.hyperParameters().isEmpty() ? "-" : model.hyperParameters()));
    }
    return table.toString();
  }

  private static String number(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }
}
