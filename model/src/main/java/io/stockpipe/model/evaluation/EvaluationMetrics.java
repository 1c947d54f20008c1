package io.stockpipe.model.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's score on one test range.
 *
 * @param directionalAccuracy null when the model never predicted a direction (or nothing moved)
 * @param ic daily Pearson correlation of predicted and actual across symbols
 * @param rankIc daily Spearman correlation
 * @param rmse root mean squared error over all rows
 * @param testRows predictions scored
 * @param testDays distinct dates among them
 * @param deciles hit rates and the long-short return of the top and bottom deciles
 */
public record EvaluationMetrics(
    Double directionalAccuracy,
    DailyCorrelation ic,
    DailyCorrelation rankIc,
    double rmse,
    long testRows,
    int testDays,
    DecileSpread deciles) {
  public EvaluationMetrics {
    if (directionalAccuracy != null && !(directionalAccuracy >= 0 && directionalAccuracy <= 1)) {
      throw new IllegalArgumentException(
          "directional accuracy must be within 0..1, was " + directionalAccuracy);
    }
    if (ic == null || rankIc == null) {
      throw new IllegalArgumentException("IC and rank IC are required (their mean may be null)");
    }
    if (!(rmse >= 0) || Double.isInfinite(rmse)) {
      throw new IllegalArgumentException("RMSE must be finite and non-negative, was " + rmse);
    }
    if (testRows < 1 || testDays < 1 || testDays > testRows) {
      throw new IllegalArgumentException(
          "need 1 <= test days <= test rows, were " + testDays + " and " + testRows);
    }
  }

  /** Every metric under its key, in {@link Metric} order; values may be null. */
  public Map<Metric, Double> byMetric() {
    Map<Metric, Double> values = new LinkedHashMap<>();
    values.put(Metric.DIRECTIONAL_ACCURACY, directionalAccuracy);
    values.put(Metric.IC_MEAN, ic.mean());
    values.put(Metric.IC_T_STAT, ic.tStat());
    values.put(Metric.RANK_IC_MEAN, rankIc.mean());
    values.put(Metric.RANK_IC_T_STAT, rankIc.tStat());
    values.put(Metric.RMSE, rmse);
    values.put(Metric.TEST_ROWS, (double) testRows);
    values.put(Metric.TEST_DAYS, (double) testDays);
    values.put(Metric.IC_DAYS, (double) ic.days());
    values.put(Metric.RANK_IC_DAYS, (double) rankIc.days());
    values.put(Metric.TOP_DECILE_HIT_RATE, deciles.topHitRate());
    values.put(Metric.BOTTOM_DECILE_HIT_RATE, deciles.bottomHitRate());
    values.put(Metric.LONG_SHORT_MEAN_RETURN, deciles.longShort().mean());
    values.put(Metric.LONG_SHORT_T_STAT, deciles.longShort().tStat());
    return Collections.unmodifiableMap(values);
  }
}
