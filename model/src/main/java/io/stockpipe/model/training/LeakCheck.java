package io.stockpipe.model.training;

import io.stockpipe.model.evaluation.DailyCorrelation;
import io.stockpipe.model.evaluation.PredictionMetrics;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.prediction.Predictions;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.progress.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The shuffled-label check: the same training with each date's labels shuffled across symbols. Such
 * a model cannot know which symbol did better on a date, so its rank IC on the test dates must be
 * near zero; a clearly non-zero one means the evaluation sees something it should not (test labels,
 * dates the model trained on).
 *
 * <p>The shuffled labels are also demeaned per date. A shuffle within a date keeps that date's
 * mean, and a model can fit the means across dates through any feature whose cross-sectional
 * average moves with them: with 30 symbols, a label of {@code 0.01 * signal} shuffled still teaches
 * a small positive slope on {@code signal}, and a rank IC does not care how small. Without the
 * means the shuffled labels carry no relation to the features at all, so the null is exact.
 */
public final class LeakCheck {
  private LeakCheck() {}

  /**
   * @param epochs the epochs the real model ran: the same training, and no longer (labels without
   *     signal let early stopping wait on tiny gains for many epochs)
   * @param progress starts the check's own progress line, finished when it returns
   */
  public static DailyCorrelation shuffledLabelRankIc(
      NetworkConfig config,
      int epochs,
      FeatureHistory training,
      int[] trainingRows,
      int[] validationRows,
      FeatureHistory test,
      int[] testRows,
      Progress.Factory progress) {
    FeatureHistory shuffled =
        training.withLabels(shuffleWithinDates(training, config.seed() ^ 0x5DEECE66DL));
    Progress check = progress.start("leak check (shuffled labels)", epochs, "epochs", "samples");
    Trainer.Outcome outcome;
    try {
      outcome =
          Trainer.train(
              config.withMaxEpochs(epochs), shuffled, trainingRows, validationRows, check);
    } finally {
      check.finish();
    }
    double[] outputs = outcome.fitted().predict(test, testRows);
    return PredictionMetrics.evaluate(Predictions.scored(config.target(), test, testRows, outputs))
        .rankIc();
  }

  /**
   * The check's outcome in words. A network that learned nothing from the shuffled labels often
   * predicts the same value for every symbol; it then has no rank IC at all, which passes.
   */
  public static String verdict(DailyCorrelation shuffledLabelRankIc) {
    if (shuffledLabelRankIc.days() == 0) {
      return "no ranking at all: the same prediction for every symbol, nothing learned (passes)";
    }
    return String.format(
        Locale.ROOT,
        "rank IC %.4f (t %s), should be near 0",
        shuffledLabelRankIc.mean(),
        shuffledLabelRankIc.tStat() == null
            ? "n/a"
            : String.format(Locale.ROOT, "%.2f", shuffledLabelRankIc.tStat()));
  }

  /**
   * Every label moved to another symbol of the same date, less that date's mean; rows without one
   * stay NaN.
   */
  static float[] shuffleWithinDates(FeatureHistory history, long seed) {
    Map<Integer, List<Integer>> rowsByDate = new HashMap<>();
    for (int row = 0; row < history.rows(); row++) {
      if (!Float.isNaN(history.label(row))) {
        rowsByDate.computeIfAbsent(history.epochDay(row), day -> new ArrayList<>()).add(row);
      }
    }
    float[] labels = new float[history.rows()];
    for (int row = 0; row < labels.length; row++) {
      labels[row] = history.label(row);
    }
    Random random = new Random(seed);
    rowsByDate.keySet().stream()
        .sorted()
        .forEach(
            day -> {
              List<Integer> rows = rowsByDate.get(day);
              List<Integer> sources = new ArrayList<>(rows);
              Collections.shuffle(sources, random);
              double mean = 0;
              for (int source : sources) {
                mean += history.label(source) / (double) rows.size();
              }
              for (int i = 0; i < rows.size(); i++) {
                labels[rows.get(i)] = (float) (history.label(sources.get(i)) - mean);
              }
            });
    return labels;
  }
}
