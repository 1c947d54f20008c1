package io.stockpipe.scheduler.backfill;

import io.stockpipe.scheduler.Step;
import java.time.Instant;
import java.util.Optional;

/**
 * A backfill's row with the counts of its units.
 *
 * @param request what was asked
 * @param status how it stands
 * @param message why it failed, was cancelled or had nothing to do
 * @param units its units: how many, how many ended well, their dates
 * @param running the unit running now, e.g. {@code features 2018-01-08..2018-02-05}
 */
public record Backfill(
    long id,
    BackfillRequest request,
    BackfillStatus status,
    Instant createdAt,
    Instant finishedAt,
    String message,
    Counts units,
    Optional<String> running) {

  /**
   * @param total every unit of the backfill
   * @param done units that succeeded or were skipped
   * @param failed units that failed
   * @param datesTotal the trading dates of all units
   * @param datesDone the trading dates of the units done
   */
  public record Counts(int total, int done, int failed, long datesTotal, long datesDone) {}

  /** One line: {@code 7 running 2018-01-08..2018-02-05 features,predict,score 5/12 units}. */
  public String describe() {
    return String.format(
        "%d %s %s..%s %s %d/%d units, %d/%d dates%s",
        id,
        status.key(),
        request.from(),
        request.to(),
        String.join(",", Step.keys(request.steps())),
        units.done(),
        units.total(),
        units.datesDone(),
        units.datesTotal(),
        message == null ? "" : ": " + message);
  }
}
