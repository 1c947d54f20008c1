/**
 * The retrain: a candidate trained on the newest dates, judged beside the active model on the same
 * dates with the same metric, promoted only if it is better by a margin, every decision recorded.
 */
package io.stockpipe.scheduler.retrain;
