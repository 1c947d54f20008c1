package io.stockpipe.model.training;

import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.NetworkConfig;

/**
 * What {@code stockpipe train} was asked.
 *
 * @param config the network and its training
 * @param label what to predict
 * @param featureSetVersion the feature set, or null for the newest unnormalised one
 * @param range dates to use: all for training and validation, or with {@code walkForward} the span
 *     the folds cover
 * @param walkForward folds, or null to train one model on the whole range
 * @param scope the symbols to learn from: all, a list, less a hashed holdout
 * @param leakCheck with walk-forward: also train the first fold on shuffled labels
 * @param tuning hyper-parameter values to try on each model's validation dates; {@code config}
 *     gives the rest
 */
public record TrainRequest(
    NetworkConfig config,
    Label label,
    String featureSetVersion,
    DateRange range,
    WalkForward walkForward,
    SymbolScope scope,
    int leakShuffles,
    Tuning tuning) {
  public TrainRequest {
    scope = scope == null ? SymbolScope.ALL : scope;
    if (leakShuffles < 0 || leakShuffles > LeakCheck.MAX_SHUFFLES) {
      throw new IllegalArgumentException(
          "leak-check shuffles must be 0.." + LeakCheck.MAX_SHUFFLES + ", was " + leakShuffles);
    }
    tuning = tuning == null ? Tuning.NONE : tuning;
    tuning.candidates(config); // a grid it cannot train is refused before any work
  }

  /** Without tuning: {@code config} as it is. */
  public TrainRequest(
      NetworkConfig config,
      Label label,
      String featureSetVersion,
      DateRange range,
      WalkForward walkForward,
      SymbolScope scope,
      int leakShuffles) {
    this(config, label, featureSetVersion, range, walkForward, scope, leakShuffles, Tuning.NONE);
  }
}
