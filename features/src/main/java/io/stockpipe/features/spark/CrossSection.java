package io.stockpipe.features.spark;

import io.stockpipe.features.Normalisation;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Cross-sectional normalisation: each feature against the other symbols of the same date. NULL
 * stays NULL and is left out of the date's ranks and moments; a date where fewer than two symbols
 * have a value, or where all values are equal (z-score), gives NULL.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrossSection {
  private CrossSection() {}

  public static Dataset<Row> normalise(
      Dataset<Row> rows, List<String> featureNames, Normalisation normalisation) {
    if (normalisation == Normalisation.NONE) {
      return rows;
    }
    List<Column> columns = new ArrayList<>();
    for (String name : rows.columns()) {
      if (!featureNames.contains(name)) {
        columns.add(functions.col(name));
      }
    }
    for (String feature : featureNames) {
      columns.add(functions.expr(expression(feature, normalisation)).as(feature));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  static String expression(String feature, Normalisation normalisation) {
    String date = "(PARTITION BY trade_date)";
    return switch (normalisation) {
      case NONE -> feature;
      // Ties share the lowest rank (SQL rank()), so equal values get equal normalised values.
      case RANK ->
          "CASE WHEN "
              + feature
              + " IS NULL THEN NULL ELSE try_divide(CAST(rank() OVER (PARTITION BY trade_date"
              + " ORDER BY "
              + feature
              + " ASC NULLS LAST) - 1 AS DOUBLE), CAST(count("
              + feature
              + ") OVER "
              + date
              + " - 1 AS DOUBLE)) END";
      // All values equal: NULL by comparison, not by a standard deviation that is zero only if
      // the summation happens to be exact (0.2 six times sums to 1.2000000000000002).
      case ZSCORE ->
          "CASE WHEN max("
              + feature
              + ") OVER "
              + date
              + " = min("
              + feature
              + ") OVER "
              + date
              + " THEN NULL ELSE try_divide("
              + feature
              + " - avg("
              + feature
              + ") OVER "
              + date
              + ", stddev_pop("
              + feature
              + ") OVER "
              + date
              + ") END";
    };
  }
}
