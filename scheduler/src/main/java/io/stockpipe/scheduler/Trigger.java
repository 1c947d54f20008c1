package io.stockpipe.scheduler;

import java.util.Locale;

/** Who asked for a chain: what job_run.triggered_by records. */
public enum Trigger {
  SCHEDULE,
  BACKFILL,
  OPERATOR;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
