package io.stockpipe.model.scoring;

import io.stockpipe.errors.BadInputException;

/**
 * One symbol of a scored date: what ranked it, the direction it called, and the return realised.
 *
 * @param symbol the ticker
 * @param score what the ranking orders by
 * @param direction 1 up, -1 down, 0 no call; a model states it (its score may be a probability), a
 *     rule calls the sign of its score
 * @param realised the close-to-close return from the as-of date to the target date
 */
record ScoredSymbol(String symbol, double score, int direction, double realised) {
  ScoredSymbol {
    if (direction < -1 || direction > 1) {
      throw new BadInputException(
          "direction of " + symbol + " must be -1, 0 or 1, got " + direction);
    }
  }

  /** A rule's call: the sign of its score. */
  static ScoredSymbol signOfScore(String symbol, double score, double realised) {
    return new ScoredSymbol(symbol, score, (int) Math.signum(score), realised);
  }
}
