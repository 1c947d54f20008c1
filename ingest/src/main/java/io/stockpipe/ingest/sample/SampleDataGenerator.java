package io.stockpipe.ingest.sample;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.errors.BadInputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes plain-format CSV files ({@code TICKER.csv}: date,open,high,low,close,volume) of synthetic
 * daily bars: a market factor plus per-symbol geometric Brownian motion, with a weak one-day mean
 * reversion so that a model has something real (and small) to find, on the trading days of the NYSE
 * calendar. The same seed gives the same bytes, and each symbol draws from a random stream of its
 * own, so that the series extended by a day ({@link #writeNextDay}) keeps every earlier bar.
 *
 * <p>With {@code withBadRows}, six files get one deliberately bad row each (high below low, a
 * number that is not one, a duplicated date, a date in the future, a missing column, a negative
 * volume), which ingest must refuse while loading the rest.
 */
public final class SampleDataGenerator {
  /** Bad rows written with {@code withBadRows}: rows refused, of which two rows per duplicate. */
  public static final int BAD_ROWS_REFUSED = 7;

  private static final double MEAN_REVERSION = -0.08;
  private static final TradingCalendar CALENDAR = TradingCalendar.nyse();

  /**
   * What was written.
   *
   * @param directory where the files are
   * @param symbols the tickers, one file each
   * @param validRows rows ingest must load
   * @param rejectedRows rows ingest must refuse
   */
  public record SampleData(
      Path directory, List<String> symbols, long validRows, long rejectedRows) {}

  private final long seed;
  private final int symbolCount;
  private final LocalDate firstDate;
  private final LocalDate lastDate;

  public SampleDataGenerator(long seed, int symbolCount, LocalDate firstDate, LocalDate lastDate) {
    if (symbolCount < 1 || symbolCount > 26 * 26 * 26) {
      throw new BadInputException(
          "symbol count must be 1.." + 26 * 26 * 26 + ", was " + symbolCount);
    }
    if (!firstDate.isBefore(lastDate)) {
      throw new BadInputException("sample first date " + firstDate + " is not before " + lastDate);
    }
    this.seed = seed;
    this.symbolCount = symbolCount;
    this.firstDate = firstDate;
    this.lastDate = lastDate;
  }

  /** The demo's data: 50 symbols, three calendar years of trading days, seed 42. */
  public static SampleDataGenerator demo() {
    return new SampleDataGenerator(42, 50, LocalDate.of(2022, 1, 3), LocalDate.of(2024, 12, 31));
  }

  public SampleData write(Path directory, boolean withBadRows) {
    return write(directory, withBadRows, CALENDAR.tradingDaysBetween(firstDate, lastDate), 0);
  }

  /** The first trading day after the sample's last: the day {@link #writeNextDay} writes. */
  public LocalDate nextDay() {
    return CALENDAR.next(lastDate);
  }

  /**
   * The bars of {@link #nextDay()} alone, one file per symbol: the series of {@link #write}
   * extended by its next trading day, as a nightly source would deliver it.
   */
  public SampleData writeNextDay(Path directory) {
    List<LocalDate> days = CALENDAR.tradingDaysBetween(firstDate, nextDay());
    return write(directory, false, days, days.size() - 1);
  }

  private SampleData write(
      Path directory, boolean withBadRows, List<LocalDate> days, int firstWritten) {
    double[] market = new double[days.size()];
    Random marketDraws = new Random(seed);
    for (int t = 0; t < market.length; t++) {
      market[t] = 0.0003 + 0.009 * marketDraws.nextGaussian();
    }
    List<String> symbols = new ArrayList<>();
    long validRows = 0;
    try {
      Files.createDirectories(directory);
      for (int s = 0; s < symbolCount; s++) {
        String symbol = ticker(s);
        symbols.add(symbol);
        List<String> all = bars(new Random(seed * 1_000_003L + s), days, market);
        List<String> lines = new ArrayList<>(all.subList(firstWritten, all.size()));
        validRows += lines.size();
        if (withBadRows && s < 6) {
          validRows -= addBadRow(s, lines);
        }
        write(directory.resolve(symbol + ".csv"), lines);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sample data to " + directory, e);
    }
    return new SampleData(
        directory, List.copyOf(symbols), validRows, withBadRows ? BAD_ROWS_REFUSED : 0);
  }

  /** DAAA, DAAB, … — upper-case and clearly synthetic. */
  static String ticker(int index) {
    return "D"
        + (char) ('A' + index / 676)
        + (char) ('A' + index / 26 % 26)
        + (char) ('A' + index % 26);
  }

  private static List<String> bars(Random random, List<LocalDate> days, double[] market) {
    double beta = 0.5 + random.nextDouble();
    double volatility = (0.15 + 0.35 * random.nextDouble()) / Math.sqrt(252);
    double drift = (0.02 + 0.08 * random.nextGaussian()) / 252;
    double close = 20 + 180 * random.nextDouble();
    double meanVolume = 2e5 + 5e6 * random.nextDouble();
    double previousReturn = 0;
    List<String> lines = new ArrayList<>(days.size());
    for (int t = 0; t < days.size(); t++) {
      double gap = 0.2 * volatility * random.nextGaussian();
      double logReturn =
          drift
              + beta * market[t]
              + MEAN_REVERSION * previousReturn
              + volatility * random.nextGaussian()
              - 0.5 * volatility * volatility;
      double open = close * Math.exp(gap);
      double next = close * Math.exp(logReturn);
      BigDecimal openPrice = price(open);
      BigDecimal closePrice = price(next);
      BigDecimal top = openPrice.max(closePrice);
      BigDecimal bottom = openPrice.min(closePrice);
      BigDecimal high =
          price(top.doubleValue() * (1 + Math.abs(0.5 * volatility * random.nextGaussian())));
      BigDecimal low =
          price(bottom.doubleValue() * (1 - Math.abs(0.5 * volatility * random.nextGaussian())));
      long volume = Math.round(meanVolume * Math.exp(0.4 * random.nextGaussian()));
      lines.add(
          days.get(t)
              + ","
              + openPrice.toPlainString()
              + ","
              + high.max(top).toPlainString()
              + ","
              + low.min(bottom).toPlainString()
              + ","
              + closePrice.toPlainString()
              + ","
              + volume);
      previousReturn = Math.log(next / close);
      close = next;
    }
    return lines;
  }

  private static BigDecimal price(double value) {
    return BigDecimal.valueOf(Math.max(value, 0.01)).setScale(4, RoundingMode.HALF_UP);
  }

  /** Puts one bad row into a file; returns how many good rows it costs (a duplicate costs one). */
  private static int addBadRow(int kind, List<String> lines) {
    int middle = lines.size() / 2;
    String[] cells = lines.get(middle).split(",");
    switch (kind) {
      case 0 ->
          lines.set(
              middle, String.join(",", cells[0], cells[1], cells[3], cells[2], cells[4], cells[5]));
      case 1 ->
          lines.set(
              middle,
              String.join(",", cells[0], cells[1] + "x", cells[2], cells[3], cells[4], cells[5]));
      case 2 ->
          lines.add(
              middle + 1,
              String.join(",", cells[0], cells[1], cells[2], cells[3], cells[1], cells[5]));
      case 3 ->
          lines.add(
              "2999-01-04," + String.join(",", cells[1], cells[2], cells[3], cells[4], cells[5]));
      case 4 ->
          lines.set(middle, String.join(",", cells[0], cells[1], cells[2], cells[3], cells[4]));
      case 5 ->
          lines.set(
              middle,
              String.join(",", cells[0], cells[1], cells[2], cells[3], cells[4], "-" + cells[5]));
      default -> throw new IllegalArgumentException("no bad row of kind " + kind);
    }
    return kind == 3 ? 0 : 1;
  }

  private static void write(Path file, List<String> lines) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("date,open,high,low,close,volume\n");
      for (String line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
  }
}
