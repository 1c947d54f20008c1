/**
 * Baselines the DL4J models must beat: naive rules (predict zero, momentum, mean reversion) and
 * Spark MLlib linear regression and gradient-boosted trees, tuned on a validation window before the
 * test range, refitted on the whole training range, and scored on the test range.
 */
package io.stockpipe.model.baseline;
