/**
 * The feature registry: one {@link io.stockpipe.features.registry.FeatureDefinition} per feature
 * (name, formula, window, Spark SQL, plain-Java reference). Spark, the tests and the stored feature
 * set version all read this one list, so adding a feature is adding one entry.
 */
package io.stockpipe.features.registry;
