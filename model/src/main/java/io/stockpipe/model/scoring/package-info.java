/**
 * The nightly scorecard: each model's predictions, and each naive baseline's ranking, judged once
 * the return on their target date is realised, one row per model (or rule) and prediction date.
 */
package io.stockpipe.model.scoring;
