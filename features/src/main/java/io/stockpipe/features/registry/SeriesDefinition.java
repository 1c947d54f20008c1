package io.stockpipe.features.registry;

import io.stockpipe.features.reference.ReferenceFormula;
import io.stockpipe.features.reference.ReferenceSeries;
import java.util.Objects;

/**
 * A per-row series that features are built on but that is not stored itself (the one-day change,
 * the MACD line…). Spark computes each as a column, in registry order, before the features; a
 * series may use the ones listed before it.
 *
 * @param name the column name Spark gives it and features refer to
 * @param formula the definition, for people
 * @param sql Spark SQL expression over the price columns and earlier series
 * @param reference the same definition in plain Java
 */
public record SeriesDefinition(
    String name, String formula, String sql, ReferenceFormula reference) {
  public SeriesDefinition {
    FeatureDefinition.requireName(name);
    Objects.requireNonNull(formula, "formula");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(reference, "reference");
  }

  /** The reference value at {@code row}. */
  public Double at(ReferenceSeries series, int row) {
    return reference.at(series, row);
  }
}
