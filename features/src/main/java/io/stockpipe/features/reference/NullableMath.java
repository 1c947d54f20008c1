package io.stockpipe.features.reference;

/** Arithmetic where a missing input makes a missing result, as in SQL. */
public final class NullableMath {
  private NullableMath() {}

  public static Double plus(Double first, Double second) {
    return first == null || second == null ? null : first + second;
  }

  public static Double minus(Double first, Double second) {
    return first == null || second == null ? null : first - second;
  }

  public static Double times(double factor, Double value) {
    return value == null ? null : factor * value;
  }

  /** {@code numerator / denominator}, or null if either is null or the denominator is zero. */
  public static Double divide(Double numerator, Double denominator) {
    if (numerator == null || denominator == null || denominator == 0.0) {
      return null;
    }
    return numerator / denominator;
  }

  /** Natural logarithm, null for missing or non-positive input. */
  public static Double log(Double value) {
    return value == null || value <= 0 ? null : Math.log(value);
  }

  public static Double max(Double first, Double second) {
    return first == null || second == null ? null : Math.max(first, second);
  }

  public static Double min(Double first, Double second) {
    return first == null || second == null ? null : Math.min(first, second);
  }
}
