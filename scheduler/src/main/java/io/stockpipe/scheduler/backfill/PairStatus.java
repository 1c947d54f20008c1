package io.stockpipe.scheduler.backfill;

import io.stockpipe.scheduler.Step;
import java.time.LocalDate;

/**
 * Where one (date, step) pair stands in the job audit, counting only runs that covered the
 * backfill's symbols.
 *
 * @param date a trading date
 * @param step a step
 * @param last the status of the newest run that covered it ("not run" for a step skipped because an
 *     earlier one failed), or "none"
 * @param done whether any run succeeded on it, or skipped it for a reason of its own
 */
public record PairStatus(LocalDate date, Step step, String last, boolean done) {
  public static final String NONE = "none";
  public static final String NOT_RUN = "not run";

  static PairStatus none(LocalDate date, Step step) {
    return new PairStatus(date, step, NONE, false);
  }

  boolean lastFailed() {
    return last.equals("failed") || last.equals("aborted") || last.equals(NOT_RUN);
  }
}
