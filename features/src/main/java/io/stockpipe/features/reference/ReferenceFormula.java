package io.stockpipe.features.reference;

/** One feature (or intermediate series) of one symbol at one row, computed the slow, plain way. */
@FunctionalInterface
public interface ReferenceFormula {
  /**
   * The value at {@code row} (0 = the symbol's first bar), or null where the feature is undefined:
   * not enough history, a missing input, a zero denominator.
   */
  Double at(ReferenceSeries series, int row);
}
