package io.stockpipe.model.baseline;

import io.stockpipe.model.data.DataPreparation;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.PerDateLabels;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The column an MLlib baseline learns: the label, or its per-date rank or z-score with the same
 * definitions as the networks' ({@link PerDateLabels}), over the rows of the dataset given. Thread
 * safe (no state).
 */
final class PerDateTarget {
  /** The column the regressors read as their label. */
  static final String COLUMN = "target";

  private PerDateTarget() {}

  static Dataset<Row> add(Dataset<Row> rows, Target target) {
    return rows.withColumn(COLUMN, functions.expr(expression(target)));
  }

  static String expression(Target target) {
    String label = DataPreparation.LABEL;
    String date = "(PARTITION BY " + DataPreparation.TRADE_DATE + ")";
    return switch (target) {
      case REGRESSION -> label;
      // 0-based mean rank of a tie group: rank() is its lowest, plus half its size less one.
      case RANK ->
          "CASE WHEN count(*) OVER "
              + date
              + " < 2 THEN 0D ELSE (CAST(rank() OVER (PARTITION BY "
              + DataPreparation.TRADE_DATE
              + " ORDER BY "
              + label
              + ") - 1 AS DOUBLE) + (CAST(count(*) OVER (PARTITION BY "
              + DataPreparation.TRADE_DATE
              + ", "
              + label
              + ") AS DOUBLE) - 1D) / 2D) / CAST(count(*) OVER "
              + date
              + " - 1 AS DOUBLE) - 0.5D END";
      case ZSCORE ->
          "CASE WHEN stddev_pop("
              + label
              + ") OVER "
              + date
              + " = 0D THEN 0D ELSE greatest(-"
              + PerDateLabels.ZSCORE_CLIP
              + "D, least("
              + PerDateLabels.ZSCORE_CLIP
              + "D, ("
              + label
              + " - avg("
              + label
              + ") OVER "
              + date
              + ") / stddev_pop("
              + label
              + ") OVER "
              + date
              + ")) END";
      case SIGN -> throw new IllegalArgumentException("BaselineRequest refuses --target sign");
    };
  }
}
