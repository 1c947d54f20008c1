package io.stockpipe.features;

import io.stockpipe.errors.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Optional cross-sectional normalisation: each feature compared across all symbols of the same
 * date. Normalised features are a feature set version of their own.
 */
public enum Normalisation {
  /** Raw feature values. */
  NONE("none"),
  /** (rank - 1) / (count - 1) among the date's non-null values: 0 lowest, 1 highest. */
  RANK("rank"),
  /** (value - mean) / population standard deviation over the date's non-null values. */
  ZSCORE("zscore");

  private final String label;

  Normalisation(String label) {
    this.label = label;
  }

  /** As stored in feature_set.normalisation and accepted on the command line. */
  public String label() {
    return label;
  }

  /** Appended to the registry version: {@code v1-<hash>-rank}; nothing for raw values. */
  public String versionSuffix() {
    return this == NONE ? "" : "-" + label;
  }

  public static Normalisation parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(value -> value.label.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new BadInputException(
                    "normalisation must be one of none, rank, zscore; was '" + text + "'"));
  }
}
