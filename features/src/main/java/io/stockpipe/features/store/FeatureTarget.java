package io.stockpipe.features.store;

/**
 * The table a build writes its feature rows into, and the key column that marks them.
 *
 * @param table the shared staging table, or the build's own replacement table
 * @param keyColumn {@code build_id} in staging, {@code feature_set_version} in a replacement
 * @param keyValue the build id or the version
 * @param replacesVersion whether the table replaces the version's whole partition on commit
 */
public record FeatureTarget(
    String table, String keyColumn, String keyValue, boolean replacesVersion) {}
