package io.stockpipe.features.registry;

import io.stockpipe.features.reference.ReferenceFormula;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One feature, documented and implemented in one place.
 *
 * @param name stored name, e.g. {@code close_ma_20}
 * @param family the indicator family, e.g. {@code trend}
 * @param windowRows trading rows of history the feature reads, the current row included; the first
 *     {@code windowRows - 1} rows of a symbol are NULL
 * @param formula the definition in a line, for people
 * @param description what it measures
 * @param sql the Spark SQL expression (see {@link Sql}) over price columns and series
 * @param reference the same definition in plain Java, which tests hold the Spark output to
 */
public record FeatureDefinition(
    String name,
    String family,
    int windowRows,
    String formula,
    String description,
    String sql,
    ReferenceFormula reference) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public FeatureDefinition {
    requireName(name);
    requireName(family);
    if (windowRows < 1) {
      throw new IllegalArgumentException(
          "feature " + name + ": windowRows must be at least 1, was " + windowRows);
    }
    if (formula == null || formula.isBlank() || description == null || description.isBlank()) {
      throw new IllegalArgumentException("feature " + name + ": formula and description required");
    }
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(reference, "reference");
  }

  static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a feature or series name must match " + NAME + ", was '" + name + "'");
    }
  }

  /** The line that goes into the registry hash and the stored description of the feature set. */
  public String canonicalText() {
    return name + " | " + family + " | " + windowRows + " rows | " + formula + " | " + sql;
  }
}
