package io.stockpipe.features.store;

/**
 * The tables one build writes its rows into before {@link FeatureStore#commit}.
 *
 * @param buildId the build's id
 * @param version the feature set version it writes
 * @param featureTable the shared staging table, or the build's own replacement table
 * @param labelTable likewise for the labels
 * @param replacesAll whether the tables replace the version's partition of feature_row and all of
 *     label_row on commit (a build of every date and symbol); their rows then carry no build id
 */
public record BuildTarget(
    String buildId, String version, String featureTable, String labelTable, boolean replacesAll) {

  /** The column that marks the build's feature rows: build_id in staging, else the version. */
  public String featureKeyColumn() {
    return replacesAll ? "feature_set_version" : "build_id";
  }

  /** That column's value. */
  public String featureKeyValue() {
    return replacesAll ? version : buildId;
  }
}
