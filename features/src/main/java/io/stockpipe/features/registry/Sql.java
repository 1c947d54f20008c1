package io.stockpipe.features.registry;

import java.util.Locale;

/**
 * The Spark SQL vocabulary that feature definitions are written in. Every window is over one
 * symbol's rows ordered by trade_date and counts trading rows that exist, not calendar days.
 *
 * <p>Every window aggregate first counts its non-null inputs and yields NULL unless all {@code
 * rows} are there, so a window that is not yet full, or that holds a close-only bar, gives NULL and
 * never a partial value. Division is {@code try_divide}: Spark 4 runs ANSI SQL, where {@code x / 0}
 * throws; a zero denominator gives NULL instead.
 */
public final class Sql {
  private static final String SYMBOL_ORDER = "PARTITION BY symbol ORDER BY trade_date";

  private Sql() {}

  /** The value {@code rowsBack} trading rows earlier, NULL before the symbol's first bar. */
  public static String lag(String expression, int rowsBack) {
    return "lag(" + expression + ", " + rowsBack + ") OVER (" + SYMBOL_ORDER + ")";
  }

  /** The frame of the last {@code rows} trading rows, the current one included. */
  public static String frame(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("a window needs at least one row, got " + rows);
    }
    return rows == 1
        ? "(" + SYMBOL_ORDER + " ROWS BETWEEN CURRENT ROW AND CURRENT ROW)"
        : "(" + SYMBOL_ORDER + " ROWS BETWEEN " + (rows - 1) + " PRECEDING AND CURRENT ROW)";
  }

  /** {@code aggregate} over the last {@code rows} rows if every listed column is non-null there. */
  public static String whenFull(int rows, String aggregate, String... columns) {
    StringBuilder condition = new StringBuilder();
    for (String column : columns) {
      if (condition.length() > 0) {
        condition.append(" AND ");
      }
      condition.append("count(").append(column).append(") OVER ").append(frame(rows));
      condition.append(" = ").append(rows);
    }
    return "CASE WHEN " + condition + " THEN " + aggregate + " END";
  }

  public static String mean(String column, int rows) {
    return whenFull(rows, "avg(" + column + ") OVER " + frame(rows), column);
  }

  public static String stdSample(String column, int rows) {
    return whenFull(rows, "stddev_samp(" + column + ") OVER " + frame(rows), column);
  }

  public static String stdPopulation(String column, int rows) {
    return whenFull(rows, "stddev_pop(" + column + ") OVER " + frame(rows), column);
  }

  public static String max(String column, int rows) {
    return whenFull(rows, "max(" + column + ") OVER " + frame(rows), column);
  }

  public static String min(String column, int rows) {
    return whenFull(rows, "min(" + column + ") OVER " + frame(rows), column);
  }

  /**
   * Pearson correlation as covariance over the product of standard deviations: Spark's own {@code
   * corr} divides by zero for a constant window, which ANSI mode would turn into an error.
   */
  public static String correlation(String first, String second, int rows) {
    String frame = frame(rows);
    return whenFull(
        rows,
        divide(
            "covar_samp(" + first + ", " + second + ") OVER " + frame,
            "stddev_samp("
                + first
                + ") OVER "
                + frame
                + " * stddev_samp("
                + second
                + ") OVER "
                + frame),
        first,
        second);
  }

  /**
   * {@code sum((k - (rows-1)/2) * column)} over the last {@code rows} rows, {@code k} = 0 for the
   * oldest: the numerator of the least-squares slope against the row's position. The position is
   * the window's own, not the row's number in the symbol's history, which would differ between a
   * full build and one that starts reading later (and so would the rounding).
   */
  public static String centredPositionSum(String column, int rows) {
    String frame = frame(rows);
    return whenFull(
        rows,
        "aggregate(zip_with(collect_list("
            + column
            + ") OVER "
            + frame
            + ", sequence(0, "
            + (rows - 1)
            + "), (slope_y, slope_k) -> slope_y * (slope_k - "
            + literal((rows - 1) / 2.0)
            + ")), 0D, (slope_acc, slope_v) -> slope_acc + slope_v)",
        column);
  }

  /** The {@code fraction} quantile, interpolated linearly (Spark's {@code percentile}). */
  public static String quantile(String column, int rows, double fraction) {
    return whenFull(
        rows, "percentile(" + column + ", " + literal(fraction) + ") OVER " + frame(rows), column);
  }

  /**
   * Percentile rank of the current row's value among the last {@code rows}, ties at their average
   * rank: {@code (below + (equal + 1) / 2) / rows}, the current row counted among the equal.
   */
  public static String percentRank(String column, int rows) {
    String values = "collect_list(" + column + ") OVER " + frame(rows);
    return whenFull(
        rows,
        divide(
            "CAST(size(filter("
                + values
                + ", rank_x -> rank_x < "
                + column
                + ")) AS DOUBLE) + (CAST(size(filter("
                + values
                + ", rank_x -> rank_x = "
                + column
                + ")) AS DOUBLE) + 1D) * 0.5D",
            literal(rows)),
        column);
  }

  /**
   * Position (1 = oldest, {@code rows} = current) of the first highest ({@code highest}) or lowest
   * value of the last {@code rows} rows, as a BIGINT.
   */
  public static String extremePosition(String column, int rows, boolean highest) {
    String frame = frame(rows);
    return whenFull(
        rows,
        "array_position(collect_list("
            + column
            + ") OVER "
            + frame
            + ", "
            + (highest ? "max(" : "min(")
            + column
            + ") OVER "
            + frame
            + ")",
        column);
  }

  /**
   * The truncated exponential moving average of {@link Ema}: the last {@link Ema#rows(double)}
   * values collected in row order, folded with Horner's rule, divided by the sum of the weights.
   */
  public static String ema(String column, double alpha) {
    int rows = Ema.rows(alpha);
    String decay = literal(1 - alpha);
    String fold =
        "aggregate(collect_list("
            + column
            + ") OVER "
            + frame(rows)
            + ", 0D, (ema_acc, ema_x) -> ema_acc * "
            + decay
            + " + ema_x)";
    return whenFull(rows, "(" + fold + " * " + literal(1 / Ema.weightSum(alpha)) + ")", column);
  }

  /** {@code numerator / denominator}, NULL when the denominator is zero or NULL. */
  public static String divide(String numerator, String denominator) {
    return "try_divide(" + numerator + ", " + denominator + ")";
  }

  /** NULL if either side is NULL (Spark's {@code greatest} would skip a NULL). */
  public static String greatestOf(String first, String second) {
    return "CASE WHEN "
        + first
        + " IS NULL OR "
        + second
        + " IS NULL THEN NULL ELSE greatest("
        + first
        + ", "
        + second
        + ") END";
  }

  /** NULL if either side is NULL (Spark's {@code least} would skip a NULL). */
  public static String leastOf(String first, String second) {
    return "CASE WHEN "
        + first
        + " IS NULL OR "
        + second
        + " IS NULL THEN NULL ELSE least("
        + first
        + ", "
        + second
        + ") END";
  }

  /**
   * A double literal that Spark parses back to exactly this double ({@code 0.5} alone would be a
   * DECIMAL in Spark SQL).
   */
  public static String literal(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    return String.format(Locale.ROOT, "%sD", Double.toString(value));
  }
}
