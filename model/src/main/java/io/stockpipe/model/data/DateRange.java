package io.stockpipe.model.data;

import io.stockpipe.errors.BadInputException;
import java.time.LocalDate;

/**
 * Trading dates from {@code from} to {@code to}, both included.
 *
 * @param from first date
 * @param to last date, not before {@code from}
 */
public record DateRange(LocalDate from, LocalDate to) {
  public DateRange {
    if (from == null || to == null) {
      throw new BadInputException("a date range needs both ends, got " + from + " to " + to);
    }
    if (to.isBefore(from)) {
      throw new BadInputException("date range is empty: " + to + " is before " + from);
    }
  }

  /**
   * A range read from two flags, so that an error names the flag the operator typed: {@code
   * named("--train", from, to)} checks {@code --train-from} and {@code --train-to}.
   */
  public static DateRange named(String flagPrefix, LocalDate from, LocalDate to) {
    if (from == null) {
      throw new BadInputException(flagPrefix + "-from is required");
    }
    if (to == null) {
      throw new BadInputException(flagPrefix + "-to is required");
    }
    if (to.isBefore(from)) {
      throw new BadInputException(
          flagPrefix
              + "-to "
              + to
              + " is before "
              + flagPrefix
              + "-from "
              + from
              + ": the range would be empty");
    }
    return new DateRange(from, to);
  }

  public boolean contains(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }

  @Override
  public String toString() {
    return from + ".." + to;
  }
}
