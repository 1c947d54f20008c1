package io.stockpipe.model.network;

import io.stockpipe.errors.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a network's inputs are compared across the symbols of their date before the training-range
 * scaler sees them. Computed from each date's own rows only, so it is point in time.
 */
public enum InputNormalisation {
  /** The raw features; only the training-range scaler standardises them. */
  NONE("none"),
  /** Each feature's rank among the date's symbols, mapped to [-0.5, 0.5]. */
  RANK("rank"),
  /**
   * Each feature's robust z-score among the date's symbols: {@code (x - median) / (1.4826 MAD)},
   * clipped to ±3, as Qlib's robust z-score.
   */
  ROBUST("robust");

  private final String key;

  InputNormalisation(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static InputNormalisation parse(String text) {
    for (InputNormalisation value : values()) {
      if (value.key.equals(text.toLowerCase(Locale.ROOT))) {
        return value;
      }
    }
    throw new BadInputException(
        "unknown --inputs '"
            + text
            + "': choose one of "
            + Arrays.stream(values()).map(InputNormalisation::key).toList());
  }
}
