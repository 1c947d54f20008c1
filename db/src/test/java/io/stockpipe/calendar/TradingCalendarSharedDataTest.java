package io.stockpipe.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The calendar against the sessions the exchange really held: the dates of the real prices in
 * ../shared/data (455 S&P 500 members, 2013-02-08 to 2018-02-07), taken together.
 */
class TradingCalendarSharedDataTest {
  private static final LocalDate FIRST = LocalDate.of(2013, 2, 8);
  private static final LocalDate LAST = LocalDate.of(2018, 2, 7);

  @Test
  void theTradingDaysOfFiveYearsAreExactlyTheDatesOfTheRealPrices() throws IOException {
    Path prices =
        Path.of(System.getProperty("stockpipe.shared.data", "../../shared/data")).resolve("prices");
    Assumptions.assumeTrue(Files.isDirectory(prices), "shared data not present: " + prices);
    SortedSet<LocalDate> traded = datesOfEveryFile(prices);
    assertThat(traded).hasSize(1259);
    assertThat(traded.first()).isEqualTo(FIRST);
    assertThat(traded.last()).isEqualTo(LAST);

    List<LocalDate> tradingDays = TradingCalendar.nyse().tradingDaysBetween(FIRST, LAST);

    // The differences first, so that a failure names the dates rather than two long lists.
    List<LocalDate> notInCalendar = new ArrayList<>(traded);
    notInCalendar.removeAll(tradingDays);
    List<LocalDate> notTraded = new ArrayList<>(tradingDays);
    notTraded.removeAll(traded);
    assertThat(notInCalendar).as("dates with prices that the calendar closes").isEmpty();
    assertThat(notTraded).as("trading days of the calendar without any price").isEmpty();
    assertThat(tradingDays).containsExactlyElementsOf(traded);
    assertThat(TradingCalendar.nyse().count(FIRST, LAST)).isEqualTo(1259);
  }

  private static SortedSet<LocalDate> datesOfEveryFile(Path prices) throws IOException {
    SortedSet<LocalDate> dates = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(prices)) {
      files = listing.filter(file -> file.toString().endsWith(".csv")).toList();
    }
    assertThat(files).as("price files in " + prices).isNotEmpty();
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file)) {
        String header = reader.readLine();
        assertThat(header).as("header of " + file).startsWith("date,");
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (!line.isBlank()) {
            dates.add(LocalDate.parse(line.substring(0, line.indexOf(','))));
          }
        }
      }
    }
    return dates;
  }
}
