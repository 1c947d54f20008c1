/**
 * {@code stockpipe evaluate}: a registered model judged on dates after everything it learned from,
 * beside the baselines in model_evaluation, always with the shuffled-label leak check.
 */
package io.stockpipe.model.assessment;
