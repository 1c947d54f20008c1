package io.stockpipe.model.network;

import io.stockpipe.errors.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/** What a network sees for one prediction. */
public enum Architecture {
  /** One day's feature vector. */
  DENSE("dense"),
  /** The last {@code windowDays} feature vectors of the symbol, as channels × time. */
  CNN("cnn"),
  /**
   * A dense network, a CNN and MLlib gradient-boosted trees trained on the same samples, their
   * per-date ranks weighted as chosen on the validation dates: not a network of its own, so {@code
   * Networks} never builds one.
   */
  BLEND("blend");

  private final String key;

  Architecture(String key) {
    this.key = key;
  }

  /** As stored in model_registry.architecture and typed after {@code --model}. */
  public String key() {
    return key;
  }

  /** Whether a sample is a window of days (the CNN, and the blend, whose CNN member needs one). */
  public boolean windowed() {
    return this == CNN || this == BLEND;
  }

  public static Architecture parse(String text) {
    for (Architecture architecture : values()) {
      if (architecture.key.equals(text.toLowerCase(Locale.ROOT))) {
        return architecture;
      }
    }
    throw new BadInputException(
        "unknown model architecture '"
            + text
            + "': choose one of "
            + Arrays.stream(values()).map(Architecture::key).toList());
  }
}
