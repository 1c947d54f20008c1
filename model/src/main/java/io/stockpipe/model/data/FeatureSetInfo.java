package io.stockpipe.model.data;

import io.stockpipe.errors.BadInputException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The feature_set row a model reads: which features, in which order.
 *
 * @param version e.g. {@code v1-3f9a0c21b7de}
 * @param registryHash SHA-256 of the feature definitions, kept as provenance
 * @param normalisation none, rank or zscore
 * @param featureNames names in the order of feature_row.features
 */
public record FeatureSetInfo(
    String version, String registryHash, String normalisation, List<String> featureNames) {
  /** Versions go into SQL text of Spark's JDBC reads, so only plain characters are accepted. */
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public FeatureSetInfo {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new BadInputException(
          "feature set version must be letters, digits, . _ - but was '" + version + "'");
    }
    if (featureNames == null || featureNames.isEmpty()) {
      throw new BadInputException("feature set " + version + " has no features");
    }
    featureNames = List.copyOf(featureNames);
  }

  /** Zero-based position of {@code name} in feature_row.features. */
  public int indexOf(String name, String neededFor) {
    int index = featureNames.indexOf(name);
    if (index < 0) {
      throw new BadInputException(
          "feature set "
              + version
              + " has no feature '"
              + name
              + "', which "
              + neededFor
              + " needs; its features are "
              + featureNames
              + ". Choose another --feature-set.");
    }
    return index;
  }
}
