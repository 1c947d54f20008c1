package io.stockpipe.features.spark;

import java.time.LocalDate;
import java.util.List;

/**
 * Which bars a build reads: the dates to write, plus, per symbol, the trading rows before them that
 * the longest feature window needs and the rows after them that the longest label needs.
 *
 * @param from first date to write, null for all dates
 * @param to last date to write, null for all dates
 * @param symbols tickers, empty for all (already validated as tickers)
 * @param lookBackRows rows before {@code from} that windows read
 * @param lookAheadRows rows after {@code to} that labels read
 */
public record BarWindow(
    LocalDate from, LocalDate to, List<String> symbols, int lookBackRows, int lookAheadRows) {
  public BarWindow {
    symbols = List.copyOf(symbols);
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException("from and to must both be set or both be null");
    }
    if (lookBackRows < 0 || lookAheadRows < 0) {
      throw new IllegalArgumentException("look-back and look-ahead must not be negative");
    }
  }

  public boolean isAll() {
    return from == null;
  }
}
