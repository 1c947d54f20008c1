/**
 * The Spark half of the feature job: the session, the partitioned JDBC read of price_bar, the
 * window plan generated from the registry, cross-sectional normalisation and the staging writes.
 */
package io.stockpipe.features.spark;
