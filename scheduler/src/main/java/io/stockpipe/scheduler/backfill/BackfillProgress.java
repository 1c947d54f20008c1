package io.stockpipe.scheduler.backfill;

import io.stockpipe.errors.TransientException;
import io.stockpipe.progress.Progress;
import java.time.Duration;

/**
 * Follows a backfill in the tables until it ends, as a progress line: units done of all, dates
 * done, the ETA, the unit running now. Whoever runs the units (a node, this process) need not be
 * this thread. Not thread-safe; one per wait.
 */
public final class BackfillProgress {
  private final Backfills backfills;
  private final Progress.Factory progress;
  private final Duration poll;

  public BackfillProgress(Backfills backfills, Progress.Factory progress, Duration poll) {
    this.backfills = backfills;
    this.progress = progress;
    this.poll = poll;
  }

  /** Polls backfill {@code id} until it has ended; returns it as it ended. */
  public Backfill await(long id) {
    Backfill backfill = backfills.get(id);
    Progress line = progress.start("backfill " + id, backfill.units().total(), "units", "dates");
    int unitsShown = 0;
    long datesShown = 0;
    try {
      while (true) {
        line.total(backfill.units().total());
        line.detail(
            backfill
                .running()
                .map(unit -> "running " + unit)
                .orElse(backfill.status().ended() ? backfill.status().key() : "next unit queued"));
        line.advance(
            backfill.units().done() - unitsShown, backfill.units().datesDone() - datesShown);
        unitsShown = backfill.units().done();
        datesShown = backfill.units().datesDone();
        if (backfill.status().ended()) {
          return backfill;
        }
        sleep(poll);
        backfill = backfills.get(id);
      }
    } finally {
      line.finish();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException("interrupted while waiting for the backfill", e);
    }
  }
}
