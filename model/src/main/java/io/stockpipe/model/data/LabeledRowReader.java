package io.stockpipe.model.data;

import io.stockpipe.spark.JdbcEndpoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads feature_row joined with its label into Spark, with several JDBC queries in parallel, each
 * for a share of the symbols ({@code hashtext(symbol)}), so that no one query carries the whole
 * table. PostgreSQL does the join on both primary keys; a feature row without a label row arrives
 * with a NULL label, so that it is counted when dropped rather than lost silently.
 */
public final class LabeledRowReader {
  private final JdbcEndpoint endpoint;
  private final int partitions;

  public LabeledRowReader(JdbcEndpoint endpoint, int partitions) {
    this.endpoint = endpoint;
    this.partitions = partitions;
  }

  /**
   * Columns symbol (string), trade_date (date), features (array of double, elements nullable) and
   * label (double, nullable), for the dates of either range.
   */
  public Dataset<Row> read(
      SparkSession spark,
      FeatureSetInfo featureSet,
      Label label,
      DateRange training,
      DateRange test) {
    String[] predicates = JdbcEndpoint.symbolSharePredicates(partitions);
    return spark
        .read()
        .option("fetchsize", 10_000)
        .jdbc(
            endpoint.url(),
            "(" + query(featureSet, label, training, test) + ") labeled",
            predicates,
            endpoint.properties());
  }

  /**
   * The read as one SQL query; the partitions add their hash predicate around it. {@code & 2^31-1}
   * rather than {@code abs()}: {@code abs(hashtext(x))} overflows for a hash of -2^31. The version
   * is safe to inline: {@link FeatureSetInfo} admits only plain characters.
   */
  static String query(FeatureSetInfo featureSet, Label label, DateRange training, DateRange test) {
    return "SELECT f.symbol, f.trade_date, f.features, l."
        + label.column()
        + " AS label FROM feature_row f LEFT JOIN label_row l"
        + " ON l.symbol = f.symbol AND l.trade_date = f.trade_date"
        + " WHERE f.feature_set_version = '"
        + featureSet.version()
        + "' AND (f.trade_date BETWEEN "
        + dates(training)
        + " OR f.trade_date BETWEEN "
        + dates(test)
        + ")";
  }

  private static String dates(DateRange range) {
    return "DATE '" + range.from() + "' AND DATE '" + range.to() + "'";
  }
}
