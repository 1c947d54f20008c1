package io.stockpipe.ingest.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.calendar.TradingCalendar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataGeneratorTest {

  @Test
  void theNextDayExtendsTheSeriesWithoutMovingAnEarlierBar(@TempDir Path dir) throws Exception {
    SampleDataGenerator demo = SampleDataGenerator.demo();
    demo.write(dir.resolve("history"), false);
    assertThat(demo.nextDay()).isEqualTo(LocalDate.of(2025, 1, 2));
    demo.writeNextDay(dir.resolve("next"));
    new SampleDataGenerator(42, 50, LocalDate.of(2022, 1, 3), demo.nextDay())
        .write(dir.resolve("extended"), false);

    List<String> history = Files.readAllLines(dir.resolve("history/DAAC.csv"));
    List<String> next = Files.readAllLines(dir.resolve("next/DAAC.csv"));
    List<String> extended = Files.readAllLines(dir.resolve("extended/DAAC.csv"));
    assertThat(next).hasSize(2).first().isEqualTo("date,open,high,low,close,volume");
    assertThat(next.get(1)).startsWith("2025-01-02,");
    List<String> expected = new ArrayList<>(history);
    expected.add(next.get(1));
    assertThat(extended).isEqualTo(expected);
  }

  @Test
  void barsFallOnTradingDaysOnly(@TempDir Path dir) throws Exception {
    SampleDataGenerator.demo().write(dir, false);
    TradingCalendar nyse = TradingCalendar.nyse();
    List<String> bars = Files.readAllLines(dir.resolve("DAAA.csv"));
    bars = bars.subList(1, bars.size());
    assertThat(bars)
        .hasSize(nyse.count(LocalDate.of(2022, 1, 3), LocalDate.of(2024, 12, 31)))
        .noneMatch(line -> line.startsWith("2024-12-25"))
        .allMatch(line -> nyse.isTradingDay(LocalDate.parse(line.substring(0, 10))));
  }
}
