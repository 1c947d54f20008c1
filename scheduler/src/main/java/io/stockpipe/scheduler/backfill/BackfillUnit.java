package io.stockpipe.scheduler.backfill;

import io.stockpipe.scheduler.Step;
import java.time.LocalDate;
import java.util.Locale;

/**
 * One unit of a backfill as stored: a step over consecutive trading dates.
 *
 * @param seq its place in the backfill's run order
 * @param dates how many trading dates it covers
 * @param jobRunId its last attempt in job_run, or null
 * @param attempts how many job_run rows its attempts left
 */
public record BackfillUnit(
    long backfillId,
    int seq,
    Step step,
    LocalDate from,
    LocalDate to,
    int dates,
    Status status,
    Long jobRunId,
    int attempts,
    String message) {

  /** A unit's states; backfill_unit.status stores them in lower case. */
  public enum Status {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    SKIPPED,
    CANCELLED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Succeeded or skipped: its dates need nothing more from it. */
    public boolean done() {
      return this == SUCCEEDED || this == SKIPPED;
    }
  }

  public String describe() {
    return step.key() + " " + (from.equals(to) ? from.toString() : from + ".." + to);
  }
}
