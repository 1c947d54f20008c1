package io.stockpipe.model.network;

import io.stockpipe.errors.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the output layer learns. Whatever the target, a model is judged against the raw realised
 * return: the per-date targets only change what the loss sees.
 */
public enum Target {
  /** The label itself, standardised on the training range; mean squared error. */
  REGRESSION("regression"),
  /** Whether the label is above zero; two-class softmax with cross-entropy. */
  SIGN("sign"),
  /**
   * The label's rank among the symbols of its date, mapped to [-0.5, 0.5]; mean squared error. The
   * market's move of the day, which dominates a raw return, is gone from it.
   */
  RANK("rank"),
  /** The label demeaned and scaled by its date's standard deviation, clipped; squared error. */
  ZSCORE("zscore");

  private final String key;

  Target(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** Whether the label is transformed across the symbols of each date before training. */
  public boolean perDate() {
    return this == RANK || this == ZSCORE;
  }

  /** Whether the network's output is a return in the label's own units. */
  public boolean outputIsReturn() {
    return this == REGRESSION;
  }

  public static Target parse(String text) {
    for (Target target : values()) {
      if (target.key.equals(text.toLowerCase(Locale.ROOT))) {
        return target;
      }
    }
    throw new BadInputException(
        "unknown --target '"
            + text
            + "': choose one of "
            + Arrays.stream(values()).map(Target::key).toList());
  }
}
