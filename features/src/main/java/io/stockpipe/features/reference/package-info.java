/**
 * Slow, obviously-correct plain-Java versions of the feature formulas: one symbol's bars in arrays,
 * windows as explicit loops. Tests hold every Spark feature to these within 1e-9.
 */
package io.stockpipe.features.reference;
