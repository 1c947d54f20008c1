package io.stockpipe.features.registry;

/**
 * How the recursive indicators (MACD's EMAs, RSI's Wilder smoothing) are made finite, so that Spark
 * can compute them with window aggregates and without any look-ahead.
 *
 * <p>An EMA with smoothing {@code alpha} is defined here as the weighted mean of the last {@code L}
 * values with weight {@code (1-alpha)^k} on the value {@code k} rows back, where {@code L} is the
 * shortest window holding at least 99% of the weight of the infinite EMA ({@code (1-alpha)^L <=
 * 0.01}). It differs from an EMA over the whole history by {@code (1-alpha)^L} times the gap
 * between the window's weighted mean and the older values' weighted mean, so by at most 1% of that
 * gap; in exchange it does not depend on where the history starts, and the same bar gives the same
 * value in a full rebuild and in an incremental one.
 */
public final class Ema {
  /** The share of the infinite EMA's weight that truncation may drop. */
  public static final double DROPPED_WEIGHT = 0.01;

  private Ema() {}

  /** Smoothing of the classic span-{@code n} EMA: {@code 2/(n+1)}. */
  public static double alphaForSpan(int span) {
    return 2.0 / (span + 1);
  }

  /** Wilder's smoothing over {@code n} periods: {@code 1/n}. */
  public static double alphaForWilder(int periods) {
    return 1.0 / periods;
  }

  /** Rows in the truncated window: the least L with (1-alpha)^L <= {@link #DROPPED_WEIGHT}. */
  public static int rows(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("EMA smoothing must be in (0, 1), was " + alpha);
    }
    int rows = 1;
    double remaining = 1 - alpha;
    while (remaining > DROPPED_WEIGHT) {
      remaining *= 1 - alpha;
      rows++;
    }
    return rows;
  }

  /** Sum of the weights {@code (1-alpha)^k} for k in 0..rows-1. */
  static double weightSum(double alpha) {
    double sum = 0;
    for (int k = 0; k < rows(alpha); k++) {
      sum += Math.pow(1 - alpha, k);
    }
    return sum;
  }
}
