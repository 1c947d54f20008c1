package io.stockpipe.model.network;

import io.stockpipe.errors.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/** What the output layer learns. */
public enum Target {
  /** The label itself, standardised on the training range; mean squared error. */
  REGRESSION("regression"),
  /** Whether the label is above zero; two-class softmax with cross-entropy. */
  SIGN("sign");

  private final String key;

  Target(String key) {
    this.key = key;
  }

  public String key() {
    return key;
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
