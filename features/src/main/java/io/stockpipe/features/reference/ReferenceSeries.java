package io.stockpipe.features.reference;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One symbol's bars in trading-row order. Row {@code t} is the t-th bar that exists, so a missing
 * day is simply not a row; open, high and low may be null (close-only bars). {@code market} is the
 * equal-weight one-day return of every symbol on the row's date, null where unknown (no symbol had
 * a previous bar, or a series built without it).
 */
public final class ReferenceSeries {
  private final String symbol;
  private final List<LocalDate> dates;
  private final Double[] open;
  private final Double[] high;
  private final Double[] low;
  private final double[] close;
  private final double[] volume;
  private final Double[] market;

  public ReferenceSeries(
      String symbol,
      List<LocalDate> dates,
      Double[] open,
      Double[] high,
      Double[] low,
      double[] close,
      double[] volume) {
    this(symbol, dates, open, high, low, close, volume, new Double[dates.size()]);
  }

  public ReferenceSeries(
      String symbol,
      List<LocalDate> dates,
      Double[] open,
      Double[] high,
      Double[] low,
      double[] close,
      double[] volume,
      Double[] market) {
    this.symbol = Objects.requireNonNull(symbol, "symbol");
    this.dates = List.copyOf(dates);
    int size = dates.size();
    if (open.length != size
        || high.length != size
        || low.length != size
        || close.length != size
        || volume.length != size
        || market.length != size) {
      throw new IllegalArgumentException("series of " + symbol + ": columns differ in length");
    }
    for (int row = 1; row < size; row++) {
      if (!dates.get(row).isAfter(dates.get(row - 1))) {
        throw new IllegalArgumentException(
            "series of " + symbol + ": dates not strictly increasing at " + dates.get(row));
      }
    }
    this.open = open.clone();
    this.high = high.clone();
    this.low = low.clone();
    this.close = close.clone();
    this.volume = volume.clone();
    this.market = market.clone();
  }

  public String symbol() {
    return symbol;
  }

  public int size() {
    return dates.size();
  }

  public LocalDate date(int row) {
    return dates.get(row);
  }

  public List<LocalDate> dates() {
    return dates;
  }

  /** Close at {@code row}, or null before the first bar or after the last. */
  public Double close(int row) {
    return inside(row) ? close[row] : null;
  }

  public Double open(int row) {
    return inside(row) ? open[row] : null;
  }

  public Double high(int row) {
    return inside(row) ? high[row] : null;
  }

  public Double low(int row) {
    return inside(row) ? low[row] : null;
  }

  public Double volume(int row) {
    return inside(row) ? volume[row] : null;
  }

  /** The equal-weight market return of the row's date, or null. */
  public Double market(int row) {
    return inside(row) ? market[row] : null;
  }

  private boolean inside(int row) {
    return row >= 0 && row < close.length;
  }
}
