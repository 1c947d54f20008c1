/**
 * The PostgreSQL side of a build: staged rows replace the target rows of feature_row and label_row
 * in one transaction, together with the feature_set row that names the features.
 */
package io.stockpipe.features.store;
