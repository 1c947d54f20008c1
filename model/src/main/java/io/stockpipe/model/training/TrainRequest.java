package io.stockpipe.model.training;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Target;

/**
 * What {@code stockpipe train} was asked.
 *
 * @param config the network and its training, or a blend's members'
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
    if (config.architecture() == Architecture.BLEND) {
      refuseForBlend(config, walkForward, tuning);
    }
    tuning.candidates(config); // a grid it cannot train is refused before any work
  }

  /**
   * What a blend cannot be: each is refused before any work, with what to do instead. A sign
   * classifier is refused because the GBT member is a regressor (as {@code stockpipe baseline}
   * refuses it).
   */
  private static void refuseForBlend(NetworkConfig config, WalkForward walkForward, Tuning tuning) {
    String instead = "; train --model dense or cnn for that, or drop it";
    if (walkForward != null) {
      throw new BadInputException(
          "--model blend trains one model on --from..--to and cannot --walk-forward" + instead);
    }
    if (!tuning.isEmpty()) {
      throw new BadInputException(
          "--model blend cannot --tune: its members train with the flags given and its GBT with"
              + " the baseline's grid"
              + instead);
    }
    if (config.ensembleSize() > 1) {
      throw new BadInputException(
          "--model blend cannot --ensemble: it is already one model of three members" + instead);
    }
    if (config.target() == Target.SIGN) {
      throw new BadInputException(
          "--model blend cannot learn --target sign: its GBT member is a regressor; use"
              + " --target regression, rank or zscore");
    }
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
