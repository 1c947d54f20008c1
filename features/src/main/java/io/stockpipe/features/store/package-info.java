/**
 * The PostgreSQL side of a build: its rows replace the target rows of feature_row (a whole
 * partition, or the requested dates and symbols) and label_row in one transaction, together with
 * the feature_set row that names the features.
 */
package io.stockpipe.features.store;
