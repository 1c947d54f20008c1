/**
 * The prediction table: one row per model, symbol and as-of date, with the cross-sectional rank
 * analysts sort by, written idempotently.
 */
package io.stockpipe.model.prediction;
