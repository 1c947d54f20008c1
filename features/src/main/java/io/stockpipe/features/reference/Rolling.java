package io.stockpipe.features.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Window statistics written as plainly as possible. A window of {@code rows} at row {@code t} holds
 * rows {@code t-rows+1 .. t}; if any of them is before the first bar or null, the result is null:
 * windows that are not full give no value, never a partial one.
 */
public final class Rolling {
  private Rolling() {}

  /** The window's values, oldest first, or null if it is not full. */
  public static List<Double> window(IntFunction<Double> series, int row, int rows) {
    if (row - rows + 1 < 0) {
      return null;
    }
    List<Double> values = new ArrayList<>(rows);
    for (int i = row - rows + 1; i <= row; i++) {
      Double value = series.apply(i);
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    return values;
  }

  public static Double mean(IntFunction<Double> series, int row, int rows) {
    List<Double> values = window(series, row, rows);
    if (values == null) {
      return null;
    }
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / rows;
  }

  /** Sample standard deviation (divides by n-1), two passes. */
  public static Double stdSample(IntFunction<Double> series, int row, int rows) {
    List<Double> values = window(series, row, rows);
    return values == null ? null : Math.sqrt(sumOfSquaredDeviations(values) / (rows - 1));
  }

  /** Population standard deviation (divides by n), two passes. */
  public static Double stdPopulation(IntFunction<Double> series, int row, int rows) {
    List<Double> values = window(series, row, rows);
    return values == null ? null : Math.sqrt(sumOfSquaredDeviations(values) / rows);
  }

  public static Double max(IntFunction<Double> series, int row, int rows) {
    List<Double> values = window(series, row, rows);
    return values == null
        ? null
        : values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  public static Double min(IntFunction<Double> series, int row, int rows) {
    List<Double> values = window(series, row, rows);
    return values == null
        ? null
        : values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /** Pearson correlation; null when either side does not vary. */
  public static Double correlation(
      IntFunction<Double> first, IntFunction<Double> second, int row, int rows) {
    List<Double> xs = window(first, row, rows);
    List<Double> ys = window(second, row, rows);
    if (xs == null || ys == null) {
      return null;
    }
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < rows; i++) {
      meanX += xs.get(i);
      meanY += ys.get(i);
    }
    meanX /= rows;
    meanY /= rows;
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < rows; i++) {
      double dx = xs.get(i) - meanX;
      double dy = ys.get(i) - meanY;
      covariance += dx * dy;
      varianceX += dx * dx;
      varianceY += dy * dy;
    }
    return NullableMath.divide(covariance, Math.sqrt(varianceX * varianceY));
  }

  /**
   * Exponential moving average truncated to {@code rows}: the weighted mean of the last {@code
   * rows} values with weight {@code (1-alpha)^k} on the value {@code k} rows back.
   */
  public static Double ema(IntFunction<Double> series, int row, double alpha, int rows) {
    List<Double> values = window(series, row, rows);
    if (values == null) {
      return null;
    }
    double weighted = 0;
    double weights = 0;
    for (int k = 0; k < rows; k++) {
      double weight = Math.pow(1 - alpha, k);
      weighted += weight * values.get(rows - 1 - k);
      weights += weight;
    }
    return weighted / weights;
  }

  private static double sumOfSquaredDeviations(List<Double> values) {
    double mean = 0;
    for (double value : values) {
      mean += value;
    }
    mean /= values.size();
    double sum = 0;
    for (double value : values) {
      sum += (value - mean) * (value - mean);
    }
    return sum;
  }
}
