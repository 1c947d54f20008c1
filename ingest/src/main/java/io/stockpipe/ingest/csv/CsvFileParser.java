package io.stockpipe.ingest.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
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
   * of a large ingest's client time (bench/results/ingest-profile.md). One value may be as long as
   * RawLineReader keeps a record: past that the file is refused, not the heap filled.
   */
  private static final CsvReader.CsvReaderBuilder CSV =
      CsvReader.builder()
          .skipEmptyLines(false)
          .allowExtraFields(true)
          .allowMissingFields(true)
          .allowExtraCharsAfterClosingQuote(false)
          .trimWhitespacesAroundQuotes(true)
          .maxBufferSize(RawLineReader.MAX_VALUE_CHARS);

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
    try (Reader source = file.open();
        RawLineReader text = new RawLineReader(source)) {
      CsvLine.Handler lines = new CsvLine.Handler(text);
      try (CsvReader<CsvLine> records = CSV.build(lines, text)) {
        return parse(file, records.iterator());
      } catch (CsvParseException e) {
        return refused(
            file,
            RejectRule.FILE_NOT_CSV,
            "not CSV: line " + lines.line().startingLine() + ": " + innermostMessage(e));
      } catch (UncheckedIOException e) {
        return refused(file, e.getCause());
      }
    } catch (IOException e) {
      return refused(file, e);
    }
  }

  /** The records of a document as this parser reads them (trimmed, blank lines kept). */
  static CsvReader<CsvLine> records(Reader reader) {
    RawLineReader text = new RawLineReader(reader);
    return CSV.build(new CsvLine.Handler(text), text);
  }

  private ParsedFile parse(SourceFile file, Iterator<CsvLine> records) {
    if (!records.hasNext()) {
      return refused(file, RejectRule.FILE_EMPTY, "the file is empty");
    }
    CsvLine first = records.next();
    Header header = header(file, first);
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
      CsvLine record = records.next();
      if (record.blank()) {
        continue;
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

  private Header header(SourceFile file, CsvLine first) {
    // Past the kept values a line is no header of ours (none has more than ten short names).
    List<String> cells = first.complete() ? first.values() : List.of();
    if (allowedLayouts.isEmpty()) {
      boolean notCsv = first.valueCount() < 2;
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
                          notCsv ? RejectRule.FILE_NOT_CSV : RejectRule.UNKNOWN_FORMAT,
                          (notCsv ? "not CSV: " : "unknown CSV layout: ")
                              + "first line is '"
                              + abbreviate(first.rawLine())
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
                + abbreviate(first.rawLine())
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
      CsvLine record,
      List<PriceBar> bars,
      List<Long> barLines,
      List<Reject> rejects) {
    long line = record.startingLine();
    String symbol = fileSymbol;
    LocalDate date = null;
    try {
      if (record.valueCount() != layout.columnCount()) {
        throw new InvalidBarException(
            RejectRule.WRONG_COLUMN_COUNT,
            "expected "
                + layout.columnCount()
                + " columns ("
                + layout.header()
                + "), found "
                + record.valueCount()
                + (record.lineCount() == 1
                    ? ""
                    : "; a quoted value runs over lines "
                        + line
                        + "-"
                        + record.lastLine()
                        + " (is a quote not closed?)"));
      }
      if (record.tooLong()) {
        throw new InvalidBarException(
            RejectRule.LINE_TOO_LONG,
            String.format(
                Locale.ROOT,
                "the line is %,d characters long; no price line is longer than %,d",
                record.rawLength(),
                CsvLine.MAX_LINE_CHARS));
      }
      if (layout.hasSymbolColumn()) {
        symbol = tickerOf(layout, record.value(layout.symbol));
      }
      if (layout.period >= 0 && !record.value(layout.period).equalsIgnoreCase("D")) {
        throw new InvalidBarException(
            RejectRule.NOT_DAILY, "period '" + record.value(layout.period) + "' is not daily (D)");
      }
      date = fields.date(record.value(layout.date), layout.datePattern);
      PriceBar bar =
          new PriceBar(
              PriceBar.requireSymbol(symbol),
              date,
              FieldParser.optionalPrice("open", record.value(layout.open)),
              FieldParser.optionalPrice("high", record.value(layout.high)),
              FieldParser.optionalPrice("low", record.value(layout.low)),
              FieldParser.requiredPrice("close", record.value(layout.close)),
              layout.adjClose < 0
                  ? null
                  : FieldParser.optionalPrice("adj close", record.value(layout.adjClose)),
              FieldParser.volume(record.value(layout.volume)));
      bars.add(bar);
      barLines.add(line);
    } catch (InvalidBarException e) {
      long rawLength = record.rawLength();
      String reason =
          rawLength <= CsvLine.MAX_LINE_CHARS
              ? e.getMessage()
              : String.format(
                  Locale.ROOT,
                  "%s (raw_line holds its first %,d of %,d characters)",
                  e.getMessage(),
                  CsvLine.MAX_LINE_CHARS,
                  rawLength);
      rejects.add(new Reject(file.name(), line, symbol, date, e.rule(), reason, record.rawLine()));
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

  /** A file refused by what reading it threw. */
  private static ParsedFile refused(SourceFile file, Throwable error) {
    if (error instanceof FileRefusedException refusal) {
      return refused(file, refusal.rule(), refusal.getMessage());
    }
    if (error instanceof SourceUnavailableException) {
      return refused(file, RejectRule.SOURCE_UNAVAILABLE, error.getMessage());
    }
    if (error instanceof CharacterCodingException) {
      return refused(file, RejectRule.FILE_NOT_CSV, "not CSV text: " + error);
    }
    return refused(file, RejectRule.FILE_UNREADABLE, "cannot read the file: " + error);
  }

  /** FastCSV wraps what went wrong in "Exception when reading record ...": say the cause. */
  private static String innermostMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }

  private static ParsedFile refused(SourceFile file, RejectRule rule, String reason) {
    return ParsedFile.refused(Reject.wholeFile(file.name(), file.symbolFromName(), rule, reason));
  }

  private static String abbreviate(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
  }
}
