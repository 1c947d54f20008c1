package io.stockpipe.ingest.csv;

import io.stockpipe.errors.BadInputException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CSV layouts stockpipe reads, each recognised by its header. Column positions are fixed per
 * layout; -1 means the layout has no such column.
 */
public enum CsvLayout {
  /** {@code date,open,high,low,close,volume}; the ticker is the file name (AAPL.csv). */
  PLAIN(
      "plain",
      "date,open,high,low,close,volume",
      0,
      1,
      2,
      3,
      4,
      -1,
      5,
      -1,
      -1,
      DateTimeFormatter.ISO_LOCAL_DATE),
  /** Yahoo Finance download: {@code Date,Open,High,Low,Close,Adj Close,Volume}. */
  YAHOO(
      "yahoo",
      "Date,Open,High,Low,Close,Adj Close,Volume",
      0,
      1,
      2,
      3,
      4,
      5,
      6,
      -1,
      -1,
      DateTimeFormatter.ISO_LOCAL_DATE),
  /** Stooq's per-ticker daily download: {@code Date,Open,High,Low,Close,Volume}. */
  STOOQ(
      "stooq",
      "Date,Open,High,Low,Close,Volume",
      0,
      1,
      2,
      3,
      4,
      -1,
      5,
      -1,
      -1,
      DateTimeFormatter.ISO_LOCAL_DATE),
  /**
   * Stooq's bulk files: {@code <TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,
   * <OPENINT>}, dates as yyyyMMdd, tickers like {@code AAPL.US}.
   */
  STOOQ_BULK(
      "stooq",
      "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>",
      2,
      4,
      5,
      6,
      7,
      -1,
      8,
      0,
      1,
      DateTimeFormatter.BASIC_ISO_DATE),
  /** Kaggle "S&P 500 stock data": {@code date,open,high,low,close,volume,Name}, many tickers. */
  KAGGLE(
      "kaggle",
      "date,open,high,low,close,volume,Name",
      0,
      1,
      2,
      3,
      4,
      -1,
      5,
      6,
      -1,
      DateTimeFormatter.ISO_LOCAL_DATE);

  private final String formatName;
  private final String header;
  private final List<String> normalizedHeader;
  final int date;
  final int open;
  final int high;
  final int low;
  final int close;
  final int adjClose;
  final int volume;
  final int symbol;
  final int period;
  final DateTimeFormatter datePattern;

  CsvLayout(
      String formatName,
      String header,
      int date,
      int open,
      int high,
      int low,
      int close,
      int adjClose,
      int volume,
      int symbol,
      int period,
      DateTimeFormatter datePattern) {
    this.formatName = formatName;
    this.header = header;
    this.normalizedHeader = normalize(List.of(header.split(",")));
    this.date = date;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.adjClose = adjClose;
    this.volume = volume;
    this.symbol = symbol;
    this.period = period;
    this.datePattern = datePattern;
  }

  /** The {@code --format} name: plain, yahoo, stooq (both Stooq layouts) or kaggle. */
  public String formatName() {
    return formatName;
  }

  public String header() {
    return header;
  }

  public int columnCount() {
    return normalizedHeader.size();
  }

  /** True when the ticker comes from a column, not from the file's name. */
  public boolean hasSymbolColumn() {
    return symbol >= 0;
  }

  /**
   * The layout whose header this is. Plain and Stooq share their columns; the capitalised header is
   * Stooq's, the lower-case one plain.
   */
  public static Optional<CsvLayout> detect(List<String> headerCells) {
    List<String> cells = normalize(headerCells);
    for (CsvLayout layout : values()) {
      if (layout.normalizedHeader.equals(cells)) {
        if (layout == PLAIN && String.join(",", stripBom(headerCells)).equals(STOOQ.header)) {
          return Optional.of(STOOQ);
        }
        return Optional.of(layout);
      }
    }
    return Optional.empty();
  }

  /** The layouts a {@code --format} name allows. */
  public static List<CsvLayout> forFormat(String formatName) {
    List<CsvLayout> layouts =
        Arrays.stream(values())
            .filter(layout -> layout.formatName.equals(formatName.toLowerCase(Locale.ROOT)))
            .toList();
    if (layouts.isEmpty()) {
      throw new BadInputException(
          "unknown format '" + formatName + "'; use plain, yahoo, stooq or kaggle");
    }
    return layouts;
  }

  boolean matchesHeader(List<String> headerCells) {
    return normalizedHeader.equals(normalize(headerCells));
  }

  private static List<String> normalize(List<String> cells) {
    return stripBom(cells).stream().map(cell -> cell.trim().toLowerCase(Locale.ROOT)).toList();
  }

  private static List<String> stripBom(List<String> cells) {
    if (cells.isEmpty() || cells.get(0).isEmpty() || cells.get(0).charAt(0) != '\uFEFF') {
      return cells;
    }
    List<String> copy = new ArrayList<>(cells);
    copy.set(0, copy.get(0).substring(1));
    return copy;
  }
}
