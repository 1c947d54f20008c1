package io.stockpipe.model.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalDouble;

/** Pearson correlation and average ranks: the two pieces of IC and rank IC. */
final class Correlations {
  private Correlations() {}

  /**
   * Pearson correlation of two equally long samples; empty when either has zero variance, where the
   * correlation is undefined rather than zero. Two passes (means first) rather than the one-pass
   * sums, which lose digits when returns are small next to their mean.
   */
  static OptionalDouble pearson(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "samples differ in length: " + x.length + " and " + y.length);
    }
    int n = x.length;
    if (n < 2) {
      return OptionalDouble.empty();
    }
    double meanX = mean(x);
    double meanY = mean(y);
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - meanX;
      double dy = y[i] - meanY;
      covariance += dx * dy;
      varianceX += dx * dx;
      varianceY += dy * dy;
    }
    if (varianceX == 0 || varianceY == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(covariance / Math.sqrt(varianceX * varianceY));
  }

  /** Ranks 1..n; tied values share the mean of the ranks they span, as Spearman requires. */
  static double[] averageRanks(double[] values) {
    int n = values.length;
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[n];
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = averageRank;
      }
      start = end + 1;
    }
    return ranks;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }
}
