package io.stockpipe.model.training;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walk-forward folds: the test dates from {@code testFrom} to the end of the range are cut into
 * periods, and each period is predicted by a model trained on every date before it (an expanding
 * window), so that no test date is ever predicted by a model that saw it.
 *
 * @param period length of one test period, e.g. one year
 * @param testFrom first test date
 */
public record WalkForward(Period period, LocalDate testFrom) {
  private static final Pattern PERIOD = Pattern.compile("([1-9][0-9]*)([ymwd])");

  /**
   * One fold.
   *
   * @param trainable dates the fold may train and validate on: before {@code test}
   * @param test dates it predicts
   */
  public record Fold(DateRange trainable, DateRange test) {}

  /** Parses {@code 1y}, {@code 6m}, {@code 13w}, {@code 90d}. */
  public static Period parsePeriod(String text) {
    Matcher matcher = PERIOD.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new BadInputException(
          "--walk-forward '" + text + "' is not a period: use e.g. 1y, 6m, 13w or 90d");
    }
    int amount = Integer.parseInt(matcher.group(1));
    return switch (matcher.group(2)) {
      case "y" -> Period.ofYears(amount);
      case "m" -> Period.ofMonths(amount);
      case "w" -> Period.ofWeeks(amount);
      default -> Period.ofDays(amount);
    };
  }

  public List<Fold> folds(DateRange range) {
    if (!range.contains(testFrom) || !testFrom.isAfter(range.from())) {
      throw new BadInputException(
          "--test-from "
              + testFrom
              + " must be after --from "
              + range.from()
              + " and not after --to "
              + range.to()
              + ": the first fold needs earlier dates to train on");
    }
    List<Fold> folds = new ArrayList<>();
    for (LocalDate start = testFrom; !start.isAfter(range.to()); start = start.plus(period)) {
      LocalDate end = start.plus(period).minusDays(1);
      folds.add(
          new Fold(
              new DateRange(range.from(), start.minusDays(1)),
              new DateRange(start, end.isAfter(range.to()) ? range.to() : end)));
    }
    return folds;
  }
}
