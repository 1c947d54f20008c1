package io.stockpipe.features.spark;

import io.stockpipe.features.labels.LabelDefinition;
import io.stockpipe.features.registry.FeatureDefinition;
import io.stockpipe.features.registry.FeatureRegistry;
import io.stockpipe.features.registry.SeriesDefinition;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The Spark plan generated from the registry: base series first (each may use the ones before it),
 * then every feature and label as a window expression over one symbol's rows in date order.
 *
 * <p>Features only ever use frames that end at the current row and {@code lag}; the labels' {@code
 * lead} is computed beside them but goes to label_row only.
 */
public final class FeaturePlan {
  /** Column holding the last date, within the longest label horizon, that a row's labels read. */
  static final String LABELS_REACH = "labels_reach";

  private final FeatureRegistry registry;

  public FeaturePlan(FeatureRegistry registry) {
    this.registry = registry;
  }

  /**
   * symbol, trade_date, one column per feature (registry order), one per label, and {@link
   * #LABELS_REACH}, for every bar read.
   */
  public Dataset<Row> compute(Dataset<Row> bars) {
    Dataset<Row> withSeries = bars;
    for (SeriesDefinition series : registry.series()) {
      withSeries = withSeries.withColumn(series.name(), functions.expr(series.sql()));
    }
    List<Column> columns = new ArrayList<>();
    columns.add(functions.col("symbol"));
    columns.add(functions.col("trade_date"));
    for (FeatureDefinition feature : registry.features()) {
      columns.add(functions.expr(feature.sql()).cast("double").as(feature.name()));
    }
    for (LabelDefinition label : LabelDefinition.ALL) {
      columns.add(functions.expr(label.sql()).as(label.column()));
    }
    columns.add(
        functions
            .expr(
                "max(trade_date) OVER (PARTITION BY symbol ORDER BY trade_date"
                    + " ROWS BETWEEN CURRENT ROW AND "
                    + LabelDefinition.maxHorizonRows()
                    + " FOLLOWING)")
            .as(LABELS_REACH));
    return withSeries.select(columns.toArray(Column[]::new));
  }

  /** The features packed into one array column {@code features}, in registry order. */
  public Column featureArray() {
    return functions
        .array(registry.featureNames().stream().map(functions::col).toArray(Column[]::new))
        .as("features");
  }
}
