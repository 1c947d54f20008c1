package io.stockpipe.features.spark;

import io.stockpipe.features.registry.MarketReturn;
import io.stockpipe.spark.JdbcEndpoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The equal-weight market return of every date ({@link MarketReturn}), read from PostgreSQL in one
 * query and joined to the bars by trade_date. A few thousand rows, so Spark broadcasts it rather
 * than shuffling the bars. Stateless and thread-safe.
 */
final class MarketReturns {
  private MarketReturns() {}

  /** trade_date and {@link MarketReturn#COLUMN}, one row per date. */
  static Dataset<Row> read(SparkSession spark, JdbcEndpoint endpoint) {
    return spark
        .read()
        .jdbc(
            endpoint.url(), "(" + MarketReturn.POSTGRES_QUERY + ") market", endpoint.properties());
  }

  /** {@code bars} with {@link MarketReturn#COLUMN}, NULL on a date that has no market return. */
  static Dataset<Row> join(Dataset<Row> bars, Dataset<Row> market) {
    return bars.join(
            functions.broadcast(market),
            bars.col("trade_date").equalTo(market.col("trade_date")),
            "left")
        .drop(market.col("trade_date"));
  }
}
