package io.stockpipe.scheduler.backfill;

import io.stockpipe.errors.BadInputException;
import java.util.Locale;

/** Which (date, step) pairs of its range a backfill runs, judged by the job audit. */
public enum BackfillMode {
  /** Pairs without a succeeded or skipped run: what was never done. */
  MISSING,
  /** Pairs whose last run failed, was aborted, or was not run because an earlier step failed. */
  FAILED,
  /** Every pair. */
  ALL,
  /** Missing or failed: what a resume re-plans, whatever the backfill's own mode. */
  UNFINISHED;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean selects(PairStatus pair) {
    return switch (this) {
      case MISSING -> !pair.done();
      case FAILED -> pair.lastFailed();
      case ALL -> true;
      case UNFINISHED -> !pair.done() || pair.lastFailed();
    };
  }

  /** What {@code --mode} accepts: missing, failed or all. */
  public static BackfillMode parse(String text) {
    for (BackfillMode mode : new BackfillMode[] {MISSING, FAILED, ALL}) {
      if (mode.key().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new BadInputException("--mode must be missing, failed or all, was '" + text + "'");
  }
}
