/**
 * The nightly scorecard: each model's predictions judged once the return on their target date is
 * realised, one row per model and prediction date.
 */
package io.stockpipe.model.scoring;
