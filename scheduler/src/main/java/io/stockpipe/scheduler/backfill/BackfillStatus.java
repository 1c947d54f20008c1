package io.stockpipe.scheduler.backfill;

import java.util.Locale;

/** How a backfill stands; backfill.status stores it in lower case. */
public enum BackfillStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  static BackfillStatus parse(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
