/**
 * Forward returns that models learn to predict. They read future bars by definition, so they are
 * written to their own table (label_row) that no feature computation reads.
 */
package io.stockpipe.features.labels;
