package io.stockpipe.features;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random daily bars: geometric Brownian motion closes, a consistent OHLC bar, random volume. */
final class SyntheticBars {
  private SyntheticBars() {}

  /** One bar as it goes into price_bar; open, high and low may be null. */
  record Bar(
      String symbol,
      LocalDate date,
      BigDecimal open,
      BigDecimal high,
      BigDecimal low,
      BigDecimal close,
      long volume) {
    Bar closeOnly() {
      return new Bar(symbol, date, null, null, null, close, 0);
    }

    Bar withoutOpen() {
      return new Bar(symbol, date, null, high, low, close, volume);
    }

    Bar scaled(double priceFactor, double volumeFactor) {
      return new Bar(
          symbol,
          date,
          scale(open, priceFactor),
          scale(high, priceFactor),
          scale(low, priceFactor),
          scale(close, priceFactor),
          Math.round(volume * volumeFactor));
    }

    private static BigDecimal scale(BigDecimal price, double factor) {
      return price == null ? null : price(price.doubleValue() * factor);
    }
  }

  /** {@code rows} bars on consecutive weekdays from {@code start}. */
  static List<Bar> gbm(String symbol, LocalDate start, int rows, long seed) {
    Random random = new Random(seed);
    List<Bar> bars = new ArrayList<>(rows);
    double close = 20 + random.nextDouble() * 200;
    LocalDate date = start;
    for (int row = 0; row < rows; row++) {
      while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
        date = date.plusDays(1);
      }
      double previous = close;
      close = previous * Math.exp(-0.0001 + 0.02 * random.nextGaussian());
      double open = previous * Math.exp(0.005 * random.nextGaussian());
      double high = Math.max(open, close) * (1 + 0.01 * random.nextDouble());
      double low = Math.min(open, close) * (1 - 0.01 * random.nextDouble());
      long volume = Math.round(1_000_000 * Math.exp(0.5 * random.nextGaussian()));
      bars.add(new Bar(symbol, date, price(open), price(high), price(low), price(close), volume));
      date = date.plusDays(1);
    }
    return bars;
  }

  /**
   * {@code bars} with every price rounded to a multiple of {@code step} times the first close, and
   * volume to lots of 500,000 (so some days trade nothing): many equal closes and volumes.
   */
  static List<Bar> onGrid(List<Bar> bars, double step) {
    double grid = bars.get(0).close().doubleValue() * step;
    List<Bar> rounded = new ArrayList<>(bars.size());
    for (Bar bar : bars) {
      rounded.add(
          new Bar(
              bar.symbol(),
              bar.date(),
              onGrid(bar.open(), grid),
              onGrid(bar.high(), grid),
              onGrid(bar.low(), grid),
              onGrid(bar.close(), grid),
              Math.round(bar.volume() / 500_000.0) * 500_000));
    }
    return rounded;
  }

  private static BigDecimal onGrid(BigDecimal price, double grid) {
    return price(Math.round(price.doubleValue() / grid) * grid);
  }

  /** Four decimals, like the back-adjusted prices of the real data; never below 0.01. */
  static BigDecimal price(double value) {
    return BigDecimal.valueOf(Math.max(0.01, value)).setScale(4, RoundingMode.HALF_UP);
  }
}
