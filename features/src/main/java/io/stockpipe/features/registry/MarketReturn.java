package io.stockpipe.features.registry;

/**
 * The equal-weight market return that the market-relative features of {@link FeatureRegistry#V2}
 * compare each symbol with: per trade date, the mean one-day return of every symbol in price_bar.
 *
 * <p>PostgreSQL computes it from all of price_bar, whatever a build's dates or symbols, and sums in
 * symbol order (byte order, {@code COLLATE "C"}), so that a build of a few dates or symbols reads
 * the same doubles as a full one. The query text is part of the market series' formula and so of
 * the feature set's hash.
 */
public final class MarketReturn {
  /** The column the read gives Spark, joined to the bars on trade_date. */
  public static final String COLUMN = "equal_weight_return_1d";

  /**
   * trade_date and {@link #COLUMN}: one row per date on which at least one symbol has a return.
   * Prices as float8 first, so that each return is the double Spark computes for return_1d.
   */
  public static final String POSTGRES_QUERY =
      "SELECT trade_date, avg(r ORDER BY symbol COLLATE \"C\") AS "
          + COLUMN
          + " FROM (SELECT symbol, trade_date, close::float8 / NULLIF(lag(close::float8)"
          + " OVER (PARTITION BY symbol ORDER BY trade_date), 0) - 1 AS r FROM price_bar) returns"
          + " WHERE r IS NOT NULL GROUP BY trade_date";

  private MarketReturn() {}
}
