package io.stockpipe.ingest.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldModifiers;
import io.stockpipe.ingest.Reject;
import io.stockpipe.ingest.SourceFile;
import io.stockpipe.ingest.SourceUnavailableException;
import io.stockpipe.ingest.validation.FieldParser;
import io.stockpipe.ingest.validation.InvalidBarException;
import io.stockpipe.ingest.validation.PriceBar;
import io.stockpipe.ingest.validation.RejectRule;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads one CSV document into valid {@link PriceBar}s and {@link Reject}s. A bad row refuses that
 * row only; a document that is empty, unreadable, not CSV or of no known layout is refused whole.
 */
public final class CsvFileParser {
  /**
   * RFC 4180 with every value trimmed; a blank line is a record of one empty value (skipped below),
   * records may differ in length (WRONG_COLUMN_COUNT names it), and text after a closing quote
   * makes the file not CSV. FastCSV rather than Commons CSV: Commons' lexer was the largest share
   * of a large ingest's client time (bench/results/ingest-profile.md).
   */
  private static final CsvReader.CsvReaderBuilder CSV =
      CsvReader.builder()
          .skipEmptyLines(false)
          .allowExtraFields(true)
          .allowMissingFields(true)
          .allowExtraCharsAfterClosingQuote(false)
          .trimWhitespacesAroundQuotes(true);

  private final FieldParser fields;
  private final List<CsvLayout> allowedLayouts;

  /**
   * @param fields the field parser (its clock decides what "the future" is)
   * @param allowedLayouts the layouts a forced {@code --format} allows, or empty to detect
   */
  public CsvFileParser(FieldParser fields, List<CsvLayout> allowedLayouts) {
    this.fields = fields;
    this.allowedLayouts = List.copyOf(allowedLayouts);
  }

  public ParsedFile parse(SourceFile file) {
    try (Reader reader = file.open();
        CsvReader<CsvRecord> records = records(reader)) {
      return parse(file, records.iterator());
    } catch (UncheckedIOException e) {
      return refused(file, notCsvOrUnreadable(e.getCause()), e.getCause());
    } catch (CsvParseException e) {
      return refused(file, RejectRule.FILE_NOT_CSV, e);
    } catch (IOException e) {
      return refused(file, notCsvOrUnreadable(e), e);
    }
  }

  /** The records of a document as this parser reads them (trimmed, blank lines kept). */
  static CsvReader<CsvRecord> records(Reader reader) {
    return CSV.build(
        CsvRecordHandler.of(handler -> handler.fieldModifier(FieldModifiers.TRIM)), reader);
  }

  private ParsedFile parse(SourceFile file, Iterator<CsvRecord> records) {
    if (!records.hasNext()) {
      return refused(file, RejectRule.FILE_EMPTY, "the file is empty");
    }
    CsvRecord first = records.next();
    List<String> firstCells = first.getFields();
    if (firstCells.stream().anyMatch(cell -> cell.indexOf('\0') >= 0)) {
      return refused(file, RejectRule.FILE_NOT_CSV, "the file is binary, not CSV text");
    }
    Header header = header(file, firstCells);
    if (header.refusal != null) {
      return ParsedFile.refused(header.refusal);
    }
    CsvLayout layout = header.layout;
    String fileSymbol = null;
    if (!layout.hasSymbolColumn()) {
      try {
        fileSymbol = PriceBar.requireSymbol(file.symbolFromName());
      } catch (InvalidBarException e) {
        return refused(
            file, e.rule(), "cannot take a ticker from the file name: " + e.getMessage());
      }
    }

    List<PriceBar> bars = new ArrayList<>();
    List<Long> barLines = new ArrayList<>();
    List<Reject> rejects = new ArrayList<>();
    long rowsRead = 0;
    if (header.firstRowIsData) {
      rowsRead++;
      readRow(file, layout, fileSymbol, first, bars, barLines, rejects);
    }
    while (records.hasNext()) {
      CsvRecord record = records.next();
      if (record.getFieldCount() == 1 && record.getField(0).isEmpty()) {
        continue; // a blank line
      }
      rowsRead++;
      readRow(file, layout, fileSymbol, record, bars, barLines, rejects);
    }
    if (rowsRead == 0) {
      return refused(file, RejectRule.FILE_EMPTY, "the file has a header but no rows");
    }
    return new ParsedFile(
        file.name(), withoutDuplicateDates(file, bars, barLines, rejects), rejects, rowsRead);
  }

  private record Header(CsvLayout layout, boolean firstRowIsData, Reject refusal) {}

  private Header header(SourceFile file, List<String> cells) {
    if (allowedLayouts.isEmpty()) {
      return CsvLayout.detect(cells)
          .map(layout -> new Header(layout, false, null))
          .orElseGet(
              () ->
                  new Header(
                      null,
                      false,
                      Reject.wholeFile(
                          file.name(),
                          file.symbolFromName(),
                          cells.size() < 2 ? RejectRule.FILE_NOT_CSV : RejectRule.UNKNOWN_FORMAT,
                          (cells.size() < 2 ? "not CSV: " : "unknown CSV layout: ")
                              + "first line is '"
                              + abbreviate(String.join(",", cells))
                              + "'; expected a header of plain, Yahoo, Stooq or Kaggle format"
                              + " (see README) or --format")));
    }
    for (CsvLayout layout : allowedLayouts) {
      if (layout.matchesHeader(cells)) {
        return new Header(layout, false, null);
      }
    }
    // A forced format also reads files without a header: the first row then starts with a date.
    for (CsvLayout layout : allowedLayouts) {
      if (cells.size() == layout.columnCount() && startsWithDate(layout, cells)) {
        return new Header(layout, true, null);
      }
    }
    CsvLayout expected = allowedLayouts.get(0);
    return new Header(
        null,
        false,
        Reject.wholeFile(
            file.name(),
            file.symbolFromName(),
            RejectRule.UNKNOWN_FORMAT,
            "first line '"
                + abbreviate(String.join(",", cells))
                + "' is neither the "
                + expected.formatName()
                + " header '"
                + expected.header()
                + "' nor a row of it"));
  }

  private static boolean startsWithDate(CsvLayout layout, List<String> cells) {
    try {
      LocalDate.parse(cells.get(layout.date), layout.datePattern);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private void readRow(
      SourceFile file,
      CsvLayout layout,
      String fileSymbol,
      CsvRecord record,
      List<PriceBar> bars,
      List<Long> barLines,
      List<Reject> rejects) {
    long line = record.getStartingLineNumber();
    String symbol = fileSymbol;
    LocalDate date = null;
    try {
      if (record.getFieldCount() != layout.columnCount()) {
        throw new InvalidBarException(
            RejectRule.WRONG_COLUMN_COUNT,
            "expected "
                + layout.columnCount()
                + " columns ("
                + layout.header()
                + "), found "
                + record.getFieldCount());
      }
      if (layout.hasSymbolColumn()) {
        symbol = tickerOf(layout, record.getField(layout.symbol));
      }
      if (layout.period >= 0 && !record.getField(layout.period).equalsIgnoreCase("D")) {
        throw new InvalidBarException(
            RejectRule.NOT_DAILY,
            "period '" + record.getField(layout.period) + "' is not daily (D)");
      }
      date = fields.date(record.getField(layout.date), layout.datePattern);
      PriceBar bar =
          new PriceBar(
              PriceBar.requireSymbol(symbol),
              date,
              FieldParser.optionalPrice("open", record.getField(layout.open)),
              FieldParser.optionalPrice("high", record.getField(layout.high)),
              FieldParser.optionalPrice("low", record.getField(layout.low)),
              FieldParser.requiredPrice("close", record.getField(layout.close)),
              layout.adjClose < 0
                  ? null
                  : FieldParser.optionalPrice("adj close", record.getField(layout.adjClose)),
              FieldParser.volume(record.getField(layout.volume)));
      bars.add(bar);
      barLines.add(line);
    } catch (InvalidBarException e) {
      rejects.add(
          new Reject(
              file.name(),
              line,
              symbol,
              date,
              e.rule(),
              e.getMessage(),
              String.join(",", record.getFields())));
    }
  }

  /** Stooq bulk tickers carry a market suffix: AAPL.US is AAPL. Kaggle's are plain. */
  private static String tickerOf(CsvLayout layout, String raw) {
    String ticker = raw.trim().toUpperCase(Locale.ROOT);
    if (layout == CsvLayout.STOOQ_BULK && ticker.endsWith(".US")) {
      ticker = ticker.substring(0, ticker.length() - 3);
    }
    return ticker;
  }

  private record BarKey(String symbol, LocalDate date) {}

  /** A date twice in one file is ambiguous: keep neither row, report each. */
  private static List<PriceBar> withoutDuplicateDates(
      SourceFile file, List<PriceBar> bars, List<Long> barLines, List<Reject> rejects) {
    Map<BarKey, Integer> firstPosition = new HashMap<>(bars.size() * 2);
    Map<BarKey, List<Integer>> duplicates = new LinkedHashMap<>();
    for (int i = 0; i < bars.size(); i++) {
      BarKey key = new BarKey(bars.get(i).symbol(), bars.get(i).tradeDate());
      Integer first = firstPosition.putIfAbsent(key, i);
      if (first != null) {
        duplicates.computeIfAbsent(key, k -> new ArrayList<>(List.of(first))).add(i);
      }
    }
    if (duplicates.isEmpty()) {
      return bars;
    }
    boolean[] drop = new boolean[bars.size()];
    duplicates.forEach(
        (key, positions) -> {
          String lines =
              positions.stream()
                  .map(position -> String.valueOf(barLines.get(position)))
                  .collect(Collectors.joining(", "));
          for (int position : positions) {
            drop[position] = true;
            rejects.add(
                new Reject(
                    file.name(),
                    barLines.get(position),
                    key.symbol(),
                    key.date(),
                    RejectRule.DUPLICATE_DATE,
                    key.symbol()
                        + " "
                        + key.date()
                        + " appears "
                        + positions.size()
                        + " times in this file (lines "
                        + lines
                        + "); none of them is loaded",
                    null));
          }
        });
    List<PriceBar> kept = new ArrayList<>(bars.size());
    for (int i = 0; i < bars.size(); i++) {
      if (!drop[i]) {
        kept.add(bars.get(i));
      }
    }
    rejects.sort(Comparator.comparing(Reject::lineNumber));
    return kept;
  }

  private static RejectRule notCsvOrUnreadable(Throwable error) {
    if (error instanceof CharacterCodingException) {
      return RejectRule.FILE_NOT_CSV;
    }
    return error instanceof SourceUnavailableException
        ? RejectRule.SOURCE_UNAVAILABLE
        : RejectRule.FILE_UNREADABLE;
  }

  private static ParsedFile refused(SourceFile file, RejectRule rule, Throwable error) {
    String message =
        switch (rule) {
          case FILE_NOT_CSV -> "not CSV text: " + error.getMessage();
          case SOURCE_UNAVAILABLE -> error.getMessage();
          default -> "cannot read the file: " + error;
        };
    return refused(file, rule, message);
  }

  private static ParsedFile refused(SourceFile file, RejectRule rule, String reason) {
    return ParsedFile.refused(Reject.wholeFile(file.name(), file.symbolFromName(), rule, reason));
  }

  private static String abbreviate(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
  }
}
