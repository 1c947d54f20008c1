package io.stockpipe.model.evaluation;

import io.stockpipe.errors.BadInputException;
import java.time.LocalDate;

/**
 * What a model predicted for one symbol on one date, next to what happened.
 *
 * @param symbol the ticker
 * @param tradeDate the date whose features the prediction used
 * @param predicted the predicted return
 * @param actual the realised return (the label)
 */
public record Prediction(String symbol, LocalDate tradeDate, double predicted, double actual) {
  public Prediction {
    if (symbol == null || symbol.isBlank()) {
      throw new BadInputException("prediction without a symbol on " + tradeDate);
    }
    if (tradeDate == null) {
      throw new BadInputException("prediction for " + symbol + " without a trade date");
    }
    // A NaN would silently poison every mean below; it means a model or a label is broken.
    if (!Double.isFinite(predicted)) {
      throw new BadInputException(
          "prediction for " + symbol + " on " + tradeDate + " is not finite: " + predicted);
    }
    if (!Double.isFinite(actual)) {
      throw new BadInputException(
          "label for " + symbol + " on " + tradeDate + " is not finite: " + actual);
    }
  }
}
