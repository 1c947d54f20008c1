package io.stockpipe.features;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/**
 * What one build wrote.
 *
 * @param featureSetVersion the version written, e.g. {@code v1-3f9a0c21b7de}
 * @param registryHash full SHA-256 of the feature definitions
 * @param featureRows rows written to feature_row
 * @param labelRows rows written to label_row
 * @param symbols symbols with at least one feature row written
 * @param firstDate earliest trade_date written, null if nothing was
 * @param lastDate latest trade_date written, null if nothing was
 * @param elapsed wall time of the build
 */
public record FeatureSummary(
    String featureSetVersion,
    String registryHash,
    long featureRows,
    long labelRows,
    long symbols,
    LocalDate firstDate,
    LocalDate lastDate,
    Duration elapsed) {

  public String describe() {
    return String.format(
        Locale.ROOT,
        "features %s: %,d feature rows, %,d label rows, %d symbols, %s..%s in %.1f s",
        featureSetVersion,
        featureRows,
        labelRows,
        symbols,
        firstDate == null ? "-" : firstDate,
        lastDate == null ? "-" : lastDate,
        elapsed.toMillis() / 1000.0);
  }
}
