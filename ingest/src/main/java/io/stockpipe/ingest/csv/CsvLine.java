package io.stockpipe.ingest.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;
import java.util.Arrays;
import java.util.List;

/**
 * One CSV record as FastCSV read it: its values trimmed, its first line and line count, and its raw
 * text from {@link RawLineReader}.
 *
 * <p>A view that {@link Handler} refills for every record, so a file costs no per-row copies: read
 * it before asking for the next record. Only the first {@value #MAX_KEPT_VALUES} values and the
 * first {@value #MAX_LINE_CHARS} characters are kept; the values of a longer or wider record are
 * counted, not kept, so one enormous line cannot fill the heap (such a record is refused anyway).
 *
 * <p>Not thread-safe: the parsing thread's.
 */
final class CsvLine {
  /** No price line comes near this; a longer one is refused and its raw text cut to it. */
  static final int MAX_LINE_CHARS = 1_000;

  /** More than the widest layout (Stooq bulk, 10 columns). */
  private static final int MAX_KEPT_VALUES = 16;

  private final RawLineReader text;
  private final String[] values = new String[MAX_KEPT_VALUES];
  private long startingLine;
  private int lineCount;
  private int valueCount;
  private int keptValues;
  private long valueChars;

  private CsvLine(RawLineReader text) {
    this.text = text;
  }

  long startingLine() {
    return startingLine;
  }

  /** More than one when a quoted value holds line breaks. */
  int lineCount() {
    return lineCount;
  }

  /**
   * The last line holding text of this record: a quote never closed runs on to the end of the
   * document, whose final line break then starts no line of its own.
   */
  long lastLine() {
    long last = startingLine + lineCount - 1;
    return lineCount > 1 && text.endsWithLineBreak(startingLine, lineCount) ? last - 1 : last;
  }

  int valueCount() {
    return valueCount;
  }

  /** The trimmed value at {@code index}; only for a record that is not {@link #tooLong()}. */
  String value(int index) {
    if (index >= keptValues) {
      throw new IllegalStateException(
          "value "
              + index
              + " of line "
              + startingLine
              + " was not kept ("
              + keptValues
              + " were)");
    }
    return values[index];
  }

  /** All values, when all were kept ({@link #complete()}). */
  List<String> values() {
    if (!complete()) {
      throw new IllegalStateException("line " + startingLine + " was too wide or long to keep");
    }
    return List.of(Arrays.copyOf(values, keptValues));
  }

  boolean complete() {
    return keptValues == valueCount;
  }

  /** A line of nothing or only blanks. */
  boolean blank() {
    return valueCount == 1 && values[0].isEmpty();
  }

  /** Its values alone are longer than {@link #MAX_LINE_CHARS}. */
  boolean tooLong() {
    return valueChars > MAX_LINE_CHARS;
  }

  /** The record as it stands in the file, without its line break, cut to MAX_LINE_CHARS. */
  String rawLine() {
    return text.record(startingLine, lineCount, MAX_LINE_CHARS);
  }

  /** The length of the record as it stands in the file, without its line break. */
  long rawLength() {
    return text.recordLength(startingLine, lineCount);
  }

  /** Fills the one {@link CsvLine} of a reader from FastCSV's callbacks. */
  static final class Handler extends AbstractBaseCsvCallbackHandler<CsvLine> {
    private final CsvLine line;

    Handler(RawLineReader text) {
      this.line = new CsvLine(text);
    }

    /** The record being read, or the last one read. */
    CsvLine line() {
      return line;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
      line.startingLine = startingLineNumber;
      line.lineCount = 1;
      line.valueCount = 0;
      line.keptValues = 0;
      line.valueChars = 0;
      line.text.keepFrom(startingLineNumber);
    }

    @Override
    protected void handleField(int index, char[] buffer, int offset, int length, boolean quoted) {
      line.valueCount = index + 1;
      line.valueChars += length;
      if (quoted) {
        line.lineCount += lineBreaks(buffer, offset, length);
      }
      if (index == line.keptValues
          && index < MAX_KEPT_VALUES
          && line.valueChars <= MAX_LINE_CHARS) {
        // String.trim()'s rule (all chars up to ' '), as the parser always trimmed.
        int start = offset;
        int end = offset + length;
        while (start < end && buffer[start] <= ' ') {
          start++;
        }
        while (end > start && buffer[end - 1] <= ' ') {
          end--;
        }
        line.values[index] = new String(buffer, start, end - start);
        line.keptValues = index + 1;
      }
    }

    @Override
    protected void handleEmpty() {
      line.valueCount = 1;
      line.values[0] = "";
      line.keptValues = 1;
    }

    @Override
    protected CsvLine buildRecord() {
      // A blank line is a record of one empty value, as the parser has always read it.
      return getRecordType() == RecordType.COMMENT ? null : line;
    }

    /** CR, LF and CRLF each end a line, as FastCSV counts them. */
    private static int lineBreaks(char[] buffer, int offset, int length) {
      int breaks = 0;
      for (int i = offset; i < offset + length; i++) {
        char c = buffer[i];
        if (c == '\n') {
          breaks++;
        } else if (c == '\r') {
          breaks++;
          if (i + 1 < offset + length && buffer[i + 1] == '\n') {
            i++;
          }
        }
      }
      return breaks;
    }
  }
}
