package io.stockpipe.scheduler.backfill;

import io.stockpipe.scheduler.Step;
import java.time.Duration;

/** What follows a unit's turn: the next unit, the same unit later, or nothing. */
public sealed interface UnitOutcome {
  /** The backfill goes on with unit {@code seq}. */
  record Next(int seq, Step step) implements UnitOutcome {}

  /** The unit yielded to the nightly; it runs again after {@code delay}. */
  record Later(int seq, Step step, Duration delay, String reason) implements UnitOutcome {}

  /** Nothing more for this turn to do: the backfill ended, or another turn drives it. */
  record Stop(BackfillStatus status) implements UnitOutcome {}
}
