package io.stockpipe.ingest.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;

/**
 * Reads CSV records one at a time: RFC 4180 with a comma, double quotes ({@code ""} inside quotes
 * is one quote), CR, LF or CRLF line ends and quoted fields that span lines. Every value is
 * trimmed; a blank line is a record of one empty value. This is what Commons CSV's {@code DEFAULT}
 * format with trimming reads ({@code CsvRowsTest} checks the two agree on awkward input), at a
 * third of its cost: its lexer was the largest share of a large ingest's client time
 * (bench/results/ingest-profile.md).
 *
 * <p>Not thread-safe; the current record's values are valid until the next {@link #next()}.
 */
final class CsvRows {
  private static final int INITIAL_BUFFER = 1 << 16;

  private final Reader reader;
  private char[] buffer = new char[INITIAL_BUFFER];
  private int limit;
  private boolean endOfInput;
  private int position;

  private String[] values = new String[16];
  private int size;
  private int recordStart;
  private int recordEnd;
  private long recordNumber;
  private final StringBuilder quoted = new StringBuilder();

  CsvRows(Reader reader) {
    this.reader = reader;
  }

  /**
   * Advances to the next record; false at the end of the input.
   *
   * @throws CsvSyntaxException for an unterminated quote or text after a closing quote
   */
  boolean next() throws IOException {
    while (true) {
      if (position == limit) {
        if (!fill()) {
          return false;
        }
        continue; // the read may have found only the end
      }
      int end = parseRecord(position);
      if (end >= 0) {
        recordStart = position;
        position = end;
        recordNumber++;
        return true;
      }
      fill(); // parseRecord asks for more only while the input has not ended
    }
  }

  int size() {
    return size;
  }

  String get(int index) {
    if (index >= size) {
      throw new IndexOutOfBoundsException("record has " + size + " values, not " + (index + 1));
    }
    return values[index];
  }

  List<String> values() {
    return List.of(Arrays.copyOf(values, size));
  }

  /** 1 for the first record; blank lines count. */
  long recordNumber() {
    return recordNumber;
  }

  /** The record as it was written, without its line end. */
  String rawText() {
    return new String(buffer, recordStart, recordEnd - recordStart);
  }

  /**
   * Parses the record starting at {@code start}: returns where the next one starts, or -1 when the
   * buffer ends before this record does (and more input may follow).
   */
  private int parseRecord(int start) throws CsvSyntaxException {
    size = 0;
    int i = start;
    while (true) {
      String value;
      if (i < limit && buffer[i] == '"') {
        i = parseQuoted(i + 1);
        if (i < 0) {
          return -1;
        }
        value = quoted.toString().trim();
      } else {
        int valueStart = i;
        while (i < limit && buffer[i] != ',' && buffer[i] != '\n' && buffer[i] != '\r') {
          i++;
        }
        if (i == limit && !endOfInput) {
          return -1;
        }
        value = trimmed(valueStart, i);
      }
      add(value);
      if (i == limit) {
        recordEnd = i;
        return i;
      }
      char c = buffer[i];
      if (c == ',') {
        i++;
        continue;
      }
      recordEnd = i;
      if (c == '\r') {
        if (i + 1 == limit && !endOfInput) {
          return -1; // a CR whose LF may be in the next read
        }
        return i + 1 < limit && buffer[i + 1] == '\n' ? i + 2 : i + 1;
      }
      return i + 1; // '\n'
    }
  }

  /**
   * Reads a quoted value into {@link #quoted} from just after its opening quote; returns the index
   * after the value (at the delimiter, line end or end of input), or -1 when more input is needed.
   */
  private int parseQuoted(int from) throws CsvSyntaxException {
    quoted.setLength(0);
    int i = from;
    while (true) {
      if (i == limit) {
        return endOfInput ? unterminated() : -1;
      }
      char c = buffer[i];
      if (c != '"') {
        quoted.append(c);
        i++;
        continue;
      }
      if (i + 1 == limit && !endOfInput) {
        return -1; // is it "" or the closing quote?
      }
      if (i + 1 < limit && buffer[i + 1] == '"') {
        quoted.append('"');
        i += 2;
        continue;
      }
      i++;
      // After the closing quote only blanks may come before the delimiter or line end.
      while (i < limit && buffer[i] != ',' && buffer[i] != '\n' && buffer[i] != '\r') {
        if (!Character.isWhitespace(buffer[i])) {
          throw new CsvSyntaxException(
              "record "
                  + (recordNumber + 1)
                  + ": '"
                  + buffer[i]
                  + "' after a closing quote; expected a comma or the end of the line");
        }
        i++;
      }
      return i == limit && !endOfInput ? -1 : i;
    }
  }

  private int unterminated() throws CsvSyntaxException {
    throw new CsvSyntaxException(
        "record " + (recordNumber + 1) + ": the input ends inside a quoted value");
  }

  private String trimmed(int from, int to) {
    while (from < to && buffer[from] <= ' ') {
      from++;
    }
    while (to > from && buffer[to - 1] <= ' ') {
      to--;
    }
    return new String(buffer, from, to - from);
  }

  private void add(String value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /**
   * Keeps the unread part at the front of the buffer (growing it when one record fills it) and
   * reads more after it; false when the input has nothing more.
   */
  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int unread = limit - position;
    if (unread == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    } else if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, unread);
    }
    position = 0;
    limit = unread;
    int read = reader.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      endOfInput = true;
    } else {
      limit += read;
    }
    return true;
  }
}
