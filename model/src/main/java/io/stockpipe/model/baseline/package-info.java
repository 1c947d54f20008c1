/**
 * Baselines the DL4J models must beat: naive rules (predict zero, momentum, mean reversion) and
 * Spark MLlib linear regression and gradient-boosted trees, tuned on a validation window before the
 * test range, refitted on the whole training range, and scored on the test range. {@link
 * io.stockpipe.model.baseline.FittedTrees} fits the same GBT grid on a network's samples, as a
 * member of a blend.
 */
package io.stockpipe.model.baseline;
