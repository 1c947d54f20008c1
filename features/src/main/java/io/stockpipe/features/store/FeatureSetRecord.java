package io.stockpipe.features.store;

import java.util.List;

/**
 * The feature_set row of a version.
 *
 * @param version e.g. {@code v1-3f9a0c21b7de-rank}
 * @param registryHash SHA-256 of the definitions
 * @param normalisation none, rank or zscore
 * @param featureNames names in the order of feature_row.features
 * @param definitions every series and feature, one per line
 */
public record FeatureSetRecord(
    String version,
    String registryHash,
    String normalisation,
    List<String> featureNames,
    String definitions) {
  public FeatureSetRecord {
    featureNames = List.copyOf(featureNames);
  }
}
