package io.stockpipe.features.registry;

import io.stockpipe.features.reference.ReferenceSeries;
import io.stockpipe.features.reference.Rolling;
import java.util.ArrayList;
import java.util.List;

/**
 * A symbol's return against the equal-weight market of its date ({@link MarketReturn}): the excess
 * return, and the rolling regression of the return on the market's (beta, and today's residual).
 */
final class MarketFeatures {
  private MarketFeatures() {}

  static List<FeatureDefinition> all() {
    String excess = BaseSeries.EXCESS_RETURN.name();
    List<FeatureDefinition> features = new ArrayList<>();
    features.add(
        feature(
            "excess_ret_1",
            2,
            "return_1d - market_return_1d",
            "One-day return minus the mean one-day return of every symbol that date.",
            excess,
            BaseSeries.EXCESS_RETURN.reference()));
    for (int rows : new int[] {5, 20}) {
      features.add(
          feature(
              "excess_ret_mean_" + rows,
              rows + 1,
              "mean(excess_return_1d over " + rows + " rows)",
              "Average daily return over the market's in the last " + rows + " rows.",
              Sql.mean(excess, rows),
              (s, t) -> Rolling.mean(i -> BaseSeries.EXCESS_RETURN.at(s, i), t, rows)));
    }
    for (int rows : new int[] {20, 60}) {
      String beta = beta(rows);
      String stock = BaseSeries.RETURN.name();
      String market = BaseSeries.MARKET_RETURN.name();
      features.add(
          feature(
              "mkt_beta_" + rows,
              rows + 1,
              "cov(return_1d, market_return_1d) / var(market_return_1d) over " + rows + " rows",
              "Sensitivity of the return to the market's; NULL when either was constant.",
              beta,
              (s, t) -> Rolling.regressionSlope(i -> market(s, i), i -> stock(s, i), t, rows)));
      features.add(
          feature(
              "mkt_resid_" + rows,
              rows + 1,
              "return_1d - (mean(return) + beta (market_return_1d - mean(market))) over "
                  + rows
                  + " rows",
              "Today's return that the " + rows + "-row market regression does not explain.",
              stock
                  + " - "
                  + Sql.mean(stock, rows)
                  + " - "
                  + beta
                  + " * ("
                  + market
                  + " - "
                  + Sql.mean(market, rows)
                  + ")",
              (s, t) -> Rolling.regressionResidual(i -> market(s, i), i -> stock(s, i), t, rows)));
    }
    return features;
  }

  /** corr(r, m) sd(r) / sd(m): cov / var with the running-frame aggregates the plan has. */
  private static String beta(int rows) {
    String stock = BaseSeries.RETURN.name();
    String market = BaseSeries.MARKET_RETURN.name();
    return Sql.divide(
        Sql.correlation(stock, market, rows) + " * " + Sql.stdSample(stock, rows),
        Sql.stdSample(market, rows));
  }

  private static Double stock(ReferenceSeries s, int row) {
    return BaseSeries.RETURN.at(s, row);
  }

  private static Double market(ReferenceSeries s, int row) {
    return BaseSeries.MARKET_RETURN.at(s, row);
  }

  private static FeatureDefinition feature(
      String name,
      int windowRows,
      String formula,
      String description,
      String sql,
      io.stockpipe.features.reference.ReferenceFormula reference) {
    return new FeatureDefinition(name, "market", windowRows, formula, description, sql, reference);
  }
}
