package io.stockpipe.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.errors.BadInputException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * NYSE's rules against the exchange's published holiday calendars, and counting in trading days.
 */
class TradingCalendarRulesTest {
  private final TradingCalendar nyse = TradingCalendar.nyse();

  /**
   * NYSE's published full-day holidays, Monday to Friday, of six years of every observance case.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2021|01-01 01-18 02-15 04-02 05-31 07-05 09-06 11-25 12-24",
        "2022|01-17 02-21 04-15 05-30 06-20 07-04 09-05 11-24 12-26",
        "2023|01-02 01-16 02-20 04-07 05-29 06-19 07-04 09-04 11-23 12-25",
        "2024|01-01 01-15 02-19 03-29 05-27 06-19 07-04 09-02 11-28 12-25",
        "2025|01-01 01-20 02-17 04-18 05-26 06-19 07-04 09-01 11-27 12-25",
        "2026|01-01 01-19 02-16 04-03 05-25 06-19 07-03 09-07 11-26 12-25",
      })
  void theWeekdaysClosedInAYearAreExactlyNysesHolidays(int year, String monthDays) {
    List<LocalDate> expected =
        Arrays.stream(monthDays.split(" ")).map(day -> LocalDate.parse(year + "-" + day)).toList();
    List<LocalDate> closedWeekdays = new ArrayList<>();
    for (LocalDate date = LocalDate.of(year, 1, 1);
        date.getYear() == year;
        date = date.plusDays(1)) {
      if (date.getDayOfWeek().getValue() <= 5 && !nyse.isTradingDay(date)) {
        closedWeekdays.add(date);
      }
    }
    assertThat(closedWeekdays).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} closed for {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-01-01|New Year's Day",
        "2023-01-02|New Year's Day", // Sunday January 1, observed Monday
        "2024-01-15|Martin Luther King Jr. Day",
        "1998-01-19|Martin Luther King Jr. Day",
        "2024-02-19|Washington's Birthday",
        "2024-03-29|Good Friday",
        "2025-04-18|Good Friday",
        "2024-05-27|Memorial Day",
        "2022-06-20|Juneteenth National Independence Day", // Sunday June 19, observed Monday
        "2027-06-18|Juneteenth National Independence Day", // Saturday June 19, observed Friday
        "2020-07-03|Independence Day", // Saturday July 4, observed Friday
        "2021-07-05|Independence Day", // Sunday July 4, observed Monday
        "2024-09-02|Labor Day",
        "2024-11-28|Thanksgiving Day",
        "2022-12-26|Christmas Day", // Sunday December 25, observed Monday
        "2021-12-24|Christmas Day", // Saturday December 25, observed Friday
      })
  void eachRuleClosesItsDay(LocalDate date, String holiday) {
    assertThat(nyse.isTradingDay(date)).isFalse();
    assertThat(nyse.closure(date)).contains(holiday);
  }

  @ParameterizedTest(name = "{0} trades: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2021-12-31|Saturday New Year's Day 2022 is not observed on the Friday before (Rule 7.2)",
        "2021-06-18|Saturday Juneteenth 2021, before NYSE closed for it",
        "1997-01-20|third Monday of January 1997, before NYSE closed for MLK Day",
        "2024-12-24|Christmas Eve is not a holiday",
        "2024-11-29|the day after Thanksgiving is a half day, not a closure",
        "2025-04-21|Easter Monday is not a holiday",
      })
  void daysNextToHolidaysTrade(LocalDate date, String why) {
    assertThat(nyse.isTradingDay(date)).as(why).isTrue();
    assertThat(nyse.closure(date)).isEmpty();
  }

  @ParameterizedTest(name = "Easter {0}")
  @CsvSource({
    "1818-03-22",
    "1943-04-25",
    "2000-04-23",
    "2008-03-23",
    "2011-04-24",
    "2019-04-21",
    "2024-03-31",
    "2025-04-20",
    "2038-04-25",
    "2285-03-22"
  })
  void easterIsTheGregorianOne(LocalDate easter) {
    assertThat(NyseHolidays.easterSunday(easter.getYear())).isEqualTo(easter);
    assertThat(easter.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
  }

  @Test
  void aYearsHolidaysLieInThatYearEvenWhenNewYearsDayIsASaturday() {
    for (int year = 1990; year <= 2060; year++) {
      int inYear = year;
      assertThat(NyseHolidays.closedIn(year).keySet())
          .as("holidays of %d", year)
          .allSatisfy(date -> assertThat(date.getYear()).isEqualTo(inYear))
          .allSatisfy(date -> assertThat(date.getDayOfWeek().getValue()).isLessThanOrEqualTo(5));
    }
    assertThat(NyseHolidays.closedIn(2022)).doesNotContainKey(LocalDate.of(2021, 12, 31));
  }

  @Test
  void weekendsAreClosedAndNamed() {
    assertThat(nyse.closure(LocalDate.of(2024, 6, 1))).contains("Saturday");
    assertThat(nyse.closure(LocalDate.of(2024, 6, 2))).contains("Sunday");
  }

  @Test
  void nextAndPreviousSkipWeekendsAndHolidays() {
    // Tuesday 2024-12-31, then the Wednesday New Year's Day is closed.
    assertThat(nyse.next(LocalDate.of(2024, 12, 31))).isEqualTo(LocalDate.of(2025, 1, 2));
    // Friday before MLK Day: Saturday, Sunday, holiday Monday, then Tuesday.
    assertThat(nyse.next(LocalDate.of(2025, 1, 17))).isEqualTo(LocalDate.of(2025, 1, 21));
    assertThat(nyse.previous(LocalDate.of(2025, 1, 21))).isEqualTo(LocalDate.of(2025, 1, 17));
    // From a closed day itself.
    assertThat(nyse.next(LocalDate.of(2025, 1, 18))).isEqualTo(LocalDate.of(2025, 1, 21));
    assertThat(nyse.previous(LocalDate.of(2024, 3, 29))).isEqualTo(LocalDate.of(2024, 3, 28));
  }

  @Test
  void plusTradingDaysCountsForwardBackwardAndZero() {
    LocalDate thursdayBeforeGoodFriday = LocalDate.of(2024, 3, 28);
    assertThat(nyse.plusTradingDays(thursdayBeforeGoodFriday, 1))
        .isEqualTo(LocalDate.of(2024, 4, 1));
    assertThat(nyse.plusTradingDays(thursdayBeforeGoodFriday, 5))
        .isEqualTo(LocalDate.of(2024, 4, 5));
    assertThat(nyse.plusTradingDays(LocalDate.of(2024, 4, 5), -5))
        .isEqualTo(thursdayBeforeGoodFriday);
    assertThat(nyse.plusTradingDays(thursdayBeforeGoodFriday, 0))
        .isEqualTo(thursdayBeforeGoodFriday);
    LocalDate saturday = LocalDate.of(2024, 3, 30);
    assertThat(nyse.plusTradingDays(saturday, 0)).isEqualTo(saturday);
    assertThat(nyse.plusTradingDays(saturday, 1)).isEqualTo(LocalDate.of(2024, 4, 1));
    assertThat(nyse.plusTradingDays(saturday, -1)).isEqualTo(thursdayBeforeGoodFriday);
  }

  @Test
  void tradingDaysBetweenIncludesBothEnds() {
    LocalDate from = LocalDate.of(2024, 12, 23);
    LocalDate to = LocalDate.of(2025, 1, 3);
    assertThat(nyse.tradingDaysBetween(from, to))
        .containsExactly(
            LocalDate.of(2024, 12, 23),
            LocalDate.of(2024, 12, 24),
            LocalDate.of(2024, 12, 26),
            LocalDate.of(2024, 12, 27),
            LocalDate.of(2024, 12, 30),
            LocalDate.of(2024, 12, 31),
            LocalDate.of(2025, 1, 2),
            LocalDate.of(2025, 1, 3));
    assertThat(nyse.count(from, to)).isEqualTo(8);
    assertThat(nyse.count(from, from)).isEqualTo(1);
    assertThat(nyse.count(LocalDate.of(2024, 12, 25), LocalDate.of(2024, 12, 25))).isZero();
    // 2024 had 252 NYSE sessions.
    assertThat(nyse.count(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))).isEqualTo(252);
  }

  @Test
  void aBackwardRangeIsRefusedNamingBothDates() {
    assertThatThrownBy(() -> nyse.count(LocalDate.of(2025, 1, 3), LocalDate.of(2025, 1, 2)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("2025-01-02 is before 2025-01-03");
  }

  @Test
  void anExchangeWithoutRulesClosesOnlyOnWeekends() {
    TradingCalendar london = TradingCalendar.of("XLON");
    assertThat(london.exchange()).isEqualTo("XLON");
    assertThat(london.isTradingDay(LocalDate.of(2024, 12, 25))).isTrue();
    assertThat(london.isTradingDay(LocalDate.of(2024, 12, 28))).isFalse();
    assertThat(nyse.exchange()).isEqualTo(TradingCalendar.DEFAULT_EXCHANGE).isEqualTo("XNYS");
    assertThatThrownBy(() -> TradingCalendar.of(" "))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("exchange code");
  }
}
