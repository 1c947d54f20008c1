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
    return meanOf(values);
  }

  /** The values' sum in window order over their count: the one mean every reference uses. */
  private static double meanOf(List<Double> values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.size();
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
    if (xs == null || ys == null || constant(xs) || constant(ys)) {
      return null;
    }
    double meanX = meanOf(xs);
    double meanY = meanOf(ys);
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

  /**
   * Least-squares slope of the window against the row's position 1..rows (Alpha158's Slope): per
   * row, in the series' units.
   */
  public static Double slope(IntFunction<Double> series, int row, int rows) {
    double[] fit = linearFit(window(series, row, rows));
    return fit == null ? null : fit[1];
  }

  /**
   * R² of that fit, 1 - residual sum of squares / total sum of squares; null for a constant window,
   * which a line explains neither well nor badly.
   */
  public static Double rSquared(IntFunction<Double> series, int row, int rows) {
    List<Double> values = window(series, row, rows);
    double[] fit = linearFit(values);
    if (fit == null) {
      return null;
    }
    if (constant(values)) {
      return null;
    }
    double total = sumOfSquaredDeviations(values);
    double residual = 0;
    for (int i = 0; i < rows; i++) {
      double error = values.get(i) - (fit[0] + fit[1] * (i + 1));
      residual += error * error;
    }
    return 1 - residual / total;
  }

  /** The newest value minus the fitted line at its position (Alpha158's Resi). */
  public static Double residual(IntFunction<Double> series, int row, int rows) {
    List<Double> values = window(series, row, rows);
    double[] fit = linearFit(values);
    return fit == null ? null : values.get(rows - 1) - (fit[0] + fit[1] * rows);
  }

  /** {intercept, slope} of y against x = 1..n, from centred sums; null for a missing window. */
  private static double[] linearFit(List<Double> values) {
    if (values == null) {
      return null;
    }
    int rows = values.size();
    double meanX = (rows + 1) / 2.0;
    double meanY = 0;
    for (double value : values) {
      meanY += value;
    }
    meanY /= rows;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < rows; i++) {
      double dx = (i + 1) - meanX;
      sxy += dx * (values.get(i) - meanY);
      sxx += dx * dx;
    }
    double slope = sxy / sxx;
    return new double[] {meanY - slope * meanX, slope};
  }

  /**
   * The {@code p} quantile with linear interpolation between the two nearest ranks, at position
   * (rows - 1) p of the sorted window: pandas' and Spark's {@code percentile} definition.
   */
  public static Double quantile(IntFunction<Double> series, int row, int rows, double p) {
    List<Double> values = window(series, row, rows);
    if (values == null) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    double position = (rows - 1) * p;
    int below = (int) Math.floor(position);
    int above = (int) Math.ceil(position);
    double fraction = position - below;
    return sorted.get(below) + fraction * (sorted.get(above) - sorted.get(below));
  }

  /**
   * Percentile rank of the newest value in its window, ties at their average rank, divided by the
   * window's size (pandas' {@code rank(pct=True)}, Alpha158's Rank): 1 for a new high.
   */
  public static Double percentRank(IntFunction<Double> series, int row, int rows) {
    List<Double> values = window(series, row, rows);
    if (values == null) {
      return null;
    }
    double newest = values.get(rows - 1);
    int below = 0;
    int equal = 0;
    for (double value : values) {
      if (value < newest) {
        below++;
      } else if (value == newest) {
        equal++;
      }
    }
    // Ranks below+1 .. below+equal are shared by the ties: their average.
    return (below + (equal + 1) / 2.0) / rows;
  }

  /**
   * Position of the window's highest ({@code highest}) or lowest value, 1 for the oldest row and
   * {@code rows} for the newest, the earlier one on a tie (numpy's argmax + 1, Alpha158's IdxMax).
   */
  public static Double extremePosition(
      IntFunction<Double> series, int row, int rows, boolean highest) {
    List<Double> values = window(series, row, rows);
    if (values == null) {
      return null;
    }
    int best = 0;
    for (int i = 1; i < rows; i++) {
      double value = values.get(i);
      if (highest ? value > values.get(best) : value < values.get(best)) {
        best = i;
      }
    }
    return (double) (best + 1);
  }

  /**
   * Least-squares slope of {@code y} on {@code x} over the window, cov / var; null when either side
   * is constant (a flat {@code y} has slope 0, but its correlation, which Spark's formula goes
   * through, is undefined).
   */
  public static Double regressionSlope(
      IntFunction<Double> x, IntFunction<Double> y, int row, int rows) {
    double[] fit = regression(window(x, row, rows), window(y, row, rows));
    return fit == null ? null : fit[1];
  }

  /** The newest {@code y} minus the regression line at the newest {@code x}. */
  public static Double regressionResidual(
      IntFunction<Double> x, IntFunction<Double> y, int row, int rows) {
    List<Double> xs = window(x, row, rows);
    List<Double> ys = window(y, row, rows);
    double[] fit = regression(xs, ys);
    return fit == null ? null : ys.get(rows - 1) - (fit[0] + fit[1] * xs.get(rows - 1));
  }

  /** {intercept, slope} of ys on xs, or null for a missing or constant window. */
  private static double[] regression(List<Double> xs, List<Double> ys) {
    if (xs == null || ys == null || constant(xs) || constant(ys)) {
      return null;
    }
    int rows = xs.size();
    double meanX = meanOf(xs);
    double meanY = meanOf(ys);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < rows; i++) {
      double dx = xs.get(i) - meanX;
      sxy += dx * (ys.get(i) - meanY);
      sxx += dx * dx;
    }
    double slope = sxy / sxx;
    return new double[] {meanY - slope * meanX, slope};
  }

  /**
   * Whether every value is the same. A constant window has no spread, exactly: its mean, summed and
   * divided, may miss the value by a rounding step and leave a spread of 1e-17 that would make a
   * ratio of spreads (a correlation, an R²) any number at all.
   */
  static boolean constant(List<Double> values) {
    for (double value : values) {
      if (value != values.get(0)) {
        return false;
      }
    }
    return true;
  }

  private static double sumOfSquaredDeviations(List<Double> values) {
    if (constant(values)) {
      return 0;
    }
    double mean = meanOf(values);
    double sum = 0;
    for (double value : values) {
      sum += (value - mean) * (value - mean);
    }
    return sum;
  }
}
