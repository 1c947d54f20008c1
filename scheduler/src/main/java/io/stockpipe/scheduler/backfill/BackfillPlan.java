package io.stockpipe.scheduler.backfill;

import io.stockpipe.scheduler.Step;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * What a backfill would run: each selected (date, step) pair with its current status, and the units
 * they are cut into, in the order they run.
 *
 * @param request what was asked
 * @param tradingDays the trading dates of the range
 * @param pairs the selected pairs, by unit then date
 * @param units the units, in run order
 * @param leftOut pairs of the range that the mode does not select (already done, say)
 */
public record BackfillPlan(
    BackfillRequest request,
    List<LocalDate> tradingDays,
    List<PlannedPair> pairs,
    List<PlannedUnit> units,
    int leftOut) {
  public BackfillPlan {
    tradingDays = List.copyOf(tradingDays);
    pairs = List.copyOf(pairs);
    units = List.copyOf(units);
  }

  /**
   * One selected pair.
   *
   * @param unit the index (1, 2, …) of its unit in {@link #units}
   * @param action "run", why it runs although done, or why it is skipped
   */
  public record PlannedPair(LocalDate date, Step step, String current, int unit, String action) {}

  /**
   * One unit: one step over consecutive trading dates.
   *
   * @param index its place in the run order, from 1
   * @param dates how many trading dates it covers
   * @param skipReason null for a unit that runs; else why it is recorded as skipped unrun
   */
  public record PlannedUnit(
      int index, Step step, LocalDate from, LocalDate to, int dates, String skipReason) {
    public boolean runs() {
      return skipReason == null;
    }

    public String describe() {
      return step.key() + " " + (from.equals(to) ? from.toString() : from + ".." + to);
    }
  }

  public long unitsToRun() {
    return units.stream().filter(PlannedUnit::runs).count();
  }

  /** The dry run's listing: a line per pair, then a line per unit, then the counts. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format("backfill %s: %d trading date(s)%n", request.describe(), tradingDays.size()));
    if (pairs.isEmpty()) {
      text.append(
          String.format(
              "nothing to run: the %d (date, step) pair(s) of the range are not selected by mode"
                  + " %s%n",
              leftOut, request.mode().key()));
      return text.toString();
    }
    text.append(
        String.format("%-10s  %-8s  %-9s  %4s  %s%n", "DATE", "STEP", "NOW", "UNIT", "ACTION"));
    for (PlannedPair pair : pairs) {
      text.append(
          String.format(
              "%-10s  %-8s  %-9s  %4d  %s%n",
              pair.date(), pair.step().key(), pair.current(), pair.unit(), pair.action()));
    }
    text.append(String.format("%nUNIT  STEP      DATES  RANGE%n"));
    for (PlannedUnit unit : units) {
      text.append(
          String.format(
              "%4d  %-8s  %5d  %s%s%n",
              unit.index(),
              unit.step().key(),
              unit.dates(),
              unit.from().equals(unit.to()) ? unit.from() : unit.from() + ".." + unit.to(),
              unit.runs() ? "" : "  skipped: " + unit.skipReason()));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%d unit(s) to run, %d recorded as skipped; %d pair(s) of the range left out by mode"
                + " %s%n",
            unitsToRun(),
            units.size() - unitsToRun(),
            leftOut,
            request.mode().key()));
    return text.toString();
  }
}
