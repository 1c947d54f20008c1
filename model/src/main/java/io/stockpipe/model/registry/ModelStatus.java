package io.stockpipe.model.registry;

import java.util.Locale;

/** Lifecycle of a registered model; one model at a time is active. */
public enum ModelStatus {
  /** Trained and stored; not used by {@code stockpipe predict} unless named. */
  CANDIDATE,
  /** The model {@code stockpipe predict} uses. */
  ACTIVE,
  /** Kept for provenance of its predictions; never used again. */
  RETIRED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ModelStatus parse(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
