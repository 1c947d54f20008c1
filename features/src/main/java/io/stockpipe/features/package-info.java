/**
 * The feature job's entry point: {@link io.stockpipe.features.FeatureService} turns price_bar into
 * feature_row and label_row for a {@link io.stockpipe.features.FeatureRequest}.
 */
package io.stockpipe.features;
