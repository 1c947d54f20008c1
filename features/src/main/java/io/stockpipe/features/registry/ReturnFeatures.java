package io.stockpipe.features.registry;

import static io.stockpipe.features.reference.NullableMath.divide;
import static io.stockpipe.features.reference.NullableMath.minus;

import io.stockpipe.features.reference.Rolling;
import java.util.ArrayList;
import java.util.List;

/** Returns over several horizons, their volatility, and how often the close went up. */
final class ReturnFeatures {
  private ReturnFeatures() {}

  static List<FeatureDefinition> all() {
    List<FeatureDefinition> features = new ArrayList<>();
    for (int days : new int[] {1, 5, 10, 20, 60}) {
      features.add(
          new FeatureDefinition(
              "ret_" + days,
              "return",
              days + 1,
              "close[t] / close[t-" + days + "] - 1",
              "Simple return over the last " + days + " trading rows.",
              Sql.divide("close", Sql.lag("close", days)) + " - 1D",
              (s, t) -> minus(divide(s.close(t), s.close(t - days)), 1.0)));
    }
    features.add(
        new FeatureDefinition(
            "log_ret_1",
            "return",
            2,
            "ln(close[t] / close[t-1])",
            "One-day log return.",
            BaseSeries.LOG_RETURN.name(),
            BaseSeries.LOG_RETURN.reference()));
    for (int rows : new int[] {5, 20, 60}) {
      features.add(
          new FeatureDefinition(
              "vol_" + rows,
              "volatility",
              rows + 1,
              "stddev_samp(return_1d over " + rows + " rows)",
              "Sample standard deviation of one-day returns over " + rows + " rows.",
              Sql.stdSample(BaseSeries.RETURN.name(), rows),
              (s, t) -> Rolling.stdSample(i -> BaseSeries.RETURN.at(s, i), t, rows)));
    }
    features.add(
        new FeatureDefinition(
            "up_ratio_20",
            "return",
            21,
            "mean(close[t] > close[t-1] over 20 rows)",
            "Share of the last 20 rows whose close rose (Alpha158 CNTP).",
            Sql.mean(BaseSeries.UP_DAY.name(), 20),
            (s, t) -> Rolling.mean(i -> BaseSeries.UP_DAY.at(s, i), t, 20)));
    return features;
  }
}
