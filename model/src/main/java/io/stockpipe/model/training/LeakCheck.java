package io.stockpipe.model.training;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.evaluation.DailyCorrelation;
import io.stockpipe.model.evaluation.Metric;
import io.stockpipe.model.evaluation.PredictionMetrics;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.prediction.Predictions;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.progress.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

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
  /**
   * Shuffles (each its own shuffle and its own initial weights) when none is asked for: enough for
   * a spread to judge the mean by, at five extra trainings.
   */
  public static final int DEFAULT_SHUFFLES = 5;

  /** At most this many: each is a full training. */
  public static final int MAX_SHUFFLES = 20;

  /**
   * Student's t, two-sided 99%, for 1..19 degrees of freedom (shuffles - 1): the mean counts as
   * "far from 0" beyond this many standard errors, so a clean pipeline is flagged once in a hundred
   * checks whatever the number of shuffles (4.60 at the default 5).
   */
  private static final double[] T_99 = {
    63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169, 3.106, 3.055, 3.012,
    2.977, 2.947, 2.921, 2.898, 2.878, 2.861
  };

  /**
   * Refuses a shuffle count the check cannot run.
   *
   * @throws BadInputException outside 1..{@link #MAX_SHUFFLES}
   */
  public static void requireShuffles(int shuffles) {
    if (shuffles < 1 || shuffles > MAX_SHUFFLES) {
      throw new BadInputException(
          "--leak-shuffles must be 1.." + MAX_SHUFFLES + ", was " + shuffles);
    }
  }

  /** Standard errors beyond which a mean of {@code shuffles} rank ICs is "far from 0". */
  static double farFromZero(int shuffles) {
    return T_99[shuffles - 2];
  }

  private LeakCheck() {}

  /**
   * The check's outcome: one rank IC per shuffle, each over the test dates.
   *
   * <p>One shuffle is one model, a fixed random function of the features, judged on every test
   * date; where the features carry signal, its daily ICs share one random alignment with that
   * signal, so its own t-stat over the days overstates how far from 0 it is (seen in the demo: t
   * 2.45 for one shuffle, while six other seeds gave -0.028 to +0.005). The spread across shuffles
   * is the honest null, so the verdict is about their mean and its standard error.
   *
   * @param shuffles in shuffle order; a shuffle whose network gave every symbol the same prediction
   *     has no ranking (0 days) and counts as a rank IC of 0: it learned nothing
   */
  public record Result(List<DailyCorrelation> shuffles) {
    public Result {
      shuffles = List.copyOf(shuffles);
      if (shuffles.isEmpty()) {
        throw new IllegalArgumentException("a leak check needs at least one shuffle");
      }
    }

    /** Each shuffle's mean rank IC over the test dates, 0 where it had no ranking. */
    public double[] rankIcs() {
      return shuffles.stream().mapToDouble(ic -> ic.days() == 0 ? 0 : ic.mean()).toArray();
    }

    /** Mean over the shuffles of their rank ICs. */
    public double mean() {
      return Arrays.stream(rankIcs()).average().orElseThrow();
    }

    /**
     * Standard error of {@link #mean}: the shuffles' sample deviation / sqrt(count); null for one.
     */
    public Double standardError() {
      double[] values = rankIcs();
      if (values.length < 2) {
        return null;
      }
      double mean = mean();
      double squares = 0;
      for (double value : values) {
        squares += (value - mean) * (value - mean);
      }
      return Math.sqrt(squares / (values.length - 1)) / Math.sqrt(values.length);
    }

    /** {@code mean / standard error}: null for one shuffle, or when all gave the same value. */
    public Double tStat() {
      Double error = standardError();
      return error == null || error == 0 ? null : mean() / error;
    }

    /** What model_evaluation stores of the check: the mean, its t-stat and standard error. */
    public Map<Metric, Double> metrics() {
      Map<Metric, Double> metrics = new LinkedHashMap<>(); // null where there is no spread
      metrics.put(Metric.SHUFFLED_LABEL_RANK_IC, mean());
      metrics.put(Metric.SHUFFLED_LABEL_RANK_IC_T_STAT, tStat());
      metrics.put(Metric.SHUFFLED_LABEL_RANK_IC_SE, standardError());
      return metrics;
    }

    /** The outcome in words, for the terminal and model_evaluation's details. */
    public String verdict() {
      String each =
          Arrays.stream(rankIcs())
              .mapToObj(ic -> String.format(Locale.ROOT, "%.4f", ic))
              .collect(Collectors.joining(", "));
      if (shuffles.size() == 1) {
        DailyCorrelation only = shuffles.get(0);
        return only.days() == 0
            ? "no ranking at all: the same prediction for every symbol, nothing learned (passes)"
            : String.format(
                Locale.ROOT,
                "rank IC %s, should be near 0 (one shuffle: no spread to judge it by; its t-stat"
                    + " over the days, %s, overstates)",
                each,
                only.tStat() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", only.tStat()));
      }
      Double error = standardError();
      boolean far = error != null && Math.abs(mean()) > farFromZero(shuffles.size()) * error;
      return String.format(
          Locale.ROOT,
          "rank IC %.4f ± %.4f (mean ± standard error over %d shuffles: %s), %s",
          mean(),
          error,
          shuffles.size(),
          each,
          far
              ? "FAR FROM 0: look for a leak (test labels or dates reaching training or evaluation)"
              : "consistent with 0");
    }
  }

  /**
   * @param epochs the epochs the real model ran: the same training, and no longer (labels without
   *     signal let early stopping wait on tiny gains for many epochs)
   * @param shuffles how many shuffles, each with its own shuffle seed and initial weights; the
   *     first uses the model's own seed
   * @param progress one progress line per shuffle, each finished when its training ends
   */
  public static Result shuffledLabelRankIcs(
      NetworkConfig config,
      int epochs,
      FeatureHistory training,
      int[] trainingRows,
      int[] validationRows,
      FeatureHistory test,
      int[] testRows,
      int shuffles,
      Progress.Factory progress) {
    requireShuffles(shuffles);
    List<DailyCorrelation> rankIcs = new ArrayList<>();
    for (int i = 0; i < shuffles; i++) {
      // One network per shuffle even for an ensemble: a leak is in the data path its members
      // share, and N trainings per shuffle would multiply the check's cost for nothing.
      NetworkConfig seeded =
          config.withEnsembleSize(1).withSeed(config.seed() + i).withMaxEpochs(epochs);
      FeatureHistory shuffled =
          training.withLabels(shuffleWithinDates(training, (config.seed() ^ 0x5DEECE66DL) + i));
      String name =
          shuffles == 1
              ? "leak check (shuffled labels)"
              : "leak check (shuffled labels " + (i + 1) + "/" + shuffles + ")";
      Progress check = progress.start(name, epochs, "epochs", "samples");
      Trainer.Outcome outcome;
      try {
        outcome = Trainer.train(seeded, shuffled, trainingRows, validationRows, check);
      } finally {
        check.finish();
      }
      double[] outputs = outcome.fitted().predict(test, testRows);
      rankIcs.add(
          PredictionMetrics.evaluate(Predictions.scored(seeded.scoredAs(), test, testRows, outputs))
              .rankIc());
    }
    return new Result(rankIcs);
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
