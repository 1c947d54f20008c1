package io.stockpipe.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;

/**
 * NYSE's regular full-day holidays (NYSE Rule 7.2), as observed. Unscheduled closures are not here:
 * they are rows of market_holiday. Stateless, so thread-safe.
 */
final class NyseHolidays {
  /** The first year NYSE closed for Martin Luther King Jr. Day. */
  static final int FIRST_MLK_DAY_YEAR = 1998;

  /**
   * The first year NYSE closed for Juneteenth (June 19, 2021 was a Saturday it did not observe).
   */
  static final int FIRST_JUNETEENTH_YEAR = 2022;

  private NyseHolidays() {}

  /**
   * The weekdays of {@code year}, none in another year, on which NYSE is closed for a regular
   * holiday, each with its name.
   */
  static Map<LocalDate, String> closedIn(int year) {
    Map<LocalDate, String> closed = new HashMap<>();
    LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
    // Rule 7.2: a Saturday holiday closes the Friday before, unless that Friday ends a monthly or
    // yearly accounting period; so a Saturday New Year's Day leaves December 31 open. This is also
    // what keeps every date of closedIn(year) inside that year, as TradingCalendar looks them up.
    if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
      closed.put(observed(newYear), "New Year's Day");
    }
    if (year >= FIRST_MLK_DAY_YEAR) {
      closed.put(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3), "Martin Luther King Jr. Day");
    }
    closed.put(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3), "Washington's Birthday");
    closed.put(easterSunday(year).minusDays(2), "Good Friday");
    closed.put(
        LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)),
        "Memorial Day");
    if (year >= FIRST_JUNETEENTH_YEAR) {
      closed.put(
          observed(LocalDate.of(year, Month.JUNE, 19)), "Juneteenth National Independence Day");
    }
    closed.put(observed(LocalDate.of(year, Month.JULY, 4)), "Independence Day");
    closed.put(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1), "Labor Day");
    closed.put(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4), "Thanksgiving Day");
    closed.put(observed(LocalDate.of(year, Month.DECEMBER, 25)), "Christmas Day");
    return Map.copyOf(closed);
  }

  /**
   * Easter Sunday in the Gregorian calendar, by the anonymous algorithm (Meeus/Jones/Butcher),
   * exact for every Gregorian year.
   */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int monthAndDay = h + l - 7 * m + 114;
    return LocalDate.of(year, monthAndDay / 31, monthAndDay % 31 + 1);
  }

  /** A Saturday holiday is observed on the Friday before, a Sunday one on the Monday after. */
  private static LocalDate observed(LocalDate holiday) {
    return switch (holiday.getDayOfWeek()) {
      case SATURDAY -> holiday.minusDays(1);
      case SUNDAY -> holiday.plusDays(1);
      default -> holiday;
    };
  }

  private static LocalDate nth(int year, Month month, DayOfWeek day, int ordinal) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(ordinal, day));
  }
}
