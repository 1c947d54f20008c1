/**
 * The data a model learns from and is judged on: date ranges, labels, and the Spark reads of
 * feature_row joined with label_row.
 */
package io.stockpipe.model.data;
