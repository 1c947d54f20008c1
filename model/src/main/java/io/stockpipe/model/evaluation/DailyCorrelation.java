package io.stockpipe.model.evaluation;

/**
 * A correlation computed across symbols on each date, summarised over dates.
 *
 * @param mean mean over the dates that had one; null when none did
 * @param tStat {@code mean / (sample stdev / sqrt(days))}; null with fewer than two days or when
 *     every day had the same correlation (no spread to scale by)
 * @param days dates with a correlation
 */
public record DailyCorrelation(Double mean, Double tStat, int days) {
  public DailyCorrelation {
    if (days < 0) {
      throw new IllegalArgumentException("days must not be negative, was " + days);
    }
    if (days == 0 && (mean != null || tStat != null)) {
      throw new IllegalArgumentException("a correlation over no days has no mean or t-stat");
    }
  }

  static DailyCorrelation of(double[] dailyValues) {
    int days = dailyValues.length;
    if (days == 0) {
      return new DailyCorrelation(null, null, 0);
    }
    double mean = Correlations.mean(dailyValues);
    if (days < 2) {
      return new DailyCorrelation(mean, null, days);
    }
    double squares = 0;
    for (double value : dailyValues) {
      squares += (value - mean) * (value - mean);
    }
    double standardDeviation = Math.sqrt(squares / (days - 1));
    Double tStat = standardDeviation == 0 ? null : mean / (standardDeviation / Math.sqrt(days));
    return new DailyCorrelation(mean, tStat, days);
  }
}
