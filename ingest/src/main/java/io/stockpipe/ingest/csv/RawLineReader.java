package io.stockpipe.ingest.csv;

import io.stockpipe.ingest.validation.RejectRule;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.Locale;

/**
 * Hands a document's text on to FastCSV and keeps the text of the record FastCSV is reading, so a
 * refused row is stored as it stands in the file (quotes, blanks and all), not rebuilt from its
 * parsed values: FastCSV keeps no raw text.
 *
 * <p>Lines are numbered as FastCSV numbers them (CR, LF and CRLF each end one), so a record's first
 * line and line count find its text. Also refuses a NUL character (binary data, which PostgreSQL
 * could not store either) and puts the line and column on a {@link
 * StrictUtf8Reader.InvalidUtf8Exception}.
 *
 * <p>Memory: the text from the start of the current record to what FastCSV has read ahead. A record
 * over {@value #MAX_RECORD_CHARS} characters (FastCSV's own limit for one value) refuses the file
 * rather than filling the heap.
 *
 * <p>Not thread-safe: one per document, used by the parsing thread.
 */
final class RawLineReader extends Reader {
  static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;
  private static final int INITIAL_CHARS = 1 << 16;

  /**
   * FastCSV's limit for one value: above ours, so that a record too long to keep is refused here,
   * with this class's message, before FastCSV would refuse it with its own.
   */
  static final int MAX_VALUE_CHARS = MAX_RECORD_CHARS + INITIAL_CHARS;

  private final Reader in;
  private char[] text = new char[INITIAL_CHARS];

  /** Offset in the document of {@code text[0]}. */
  private long textStart;

  private int textLength;

  /** {@code lineStarts[i]}: offset in the document where line {@code firstLine + i} starts. */
  private long[] lineStarts = new long[1 << 10];

  private int lineCount = 1;
  private long firstLine = 1;
  private long keepFromLine = 1;

  /** The last character read was a CR: an LF read next belongs to the same line break. */
  private boolean crAtEnd;

  RawLineReader(Reader in) {
    this.in = in;
  }

  /** The parser starts the record on this line: text before it is no longer needed. */
  void keepFrom(long line) {
    keepFromLine = line;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    makeRoom(Math.min(length, INITIAL_CHARS / 2));
    int count;
    try {
      count = in.read(text, textLength, Math.min(length, text.length - textLength));
    } catch (StrictUtf8Reader.InvalidUtf8Exception e) {
      long line = firstLine + lineCount - 1;
      throw e.at(line, textStart + textLength - lineStarts[lineCount - 1] + 1);
    }
    if (count <= 0) {
      return count;
    }
    scan(textLength, textLength + count);
    System.arraycopy(text, textLength, target, offset, count);
    textLength += count;
    return count;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * The text of the record of {@code lines} lines from {@code startLine}, without its line break,
   * cut to {@code maxChars}. The record must be the one being read or the last one read.
   */
  String record(long startLine, int lines, int maxChars) {
    long start = lineStart(startLine);
    long end = recordEnd(start, startLine + lines);
    int from = (int) (start - textStart);
    return new String(text, from, (int) Math.min(end - start, maxChars));
  }

  /** The record's length in characters, without its line break. */
  long recordLength(long startLine, int lines) {
    long start = lineStart(startLine);
    return recordEnd(start, startLine + lines) - start;
  }

  /**
   * Whether the record's text ends in a line break: a quoted value that ran on to the end of the
   * document (a terminated record ends before its line break).
   */
  boolean endsWithLineBreak(long startLine, int lines) {
    long start = lineStart(startLine);
    long end = recordEnd(start, startLine + lines);
    return end > start && (charAt(end - 1) == '\n' || charAt(end - 1) == '\r');
  }

  private long recordEnd(long start, long nextLine) {
    if (nextLine >= firstLine + lineCount) {
      return textStart + textLength; // the last record, ended by the end of the document
    }
    long end = lineStarts[(int) (nextLine - firstLine)];
    if (end > start && charAt(end - 1) == '\n') {
      end--;
      if (end > start && charAt(end - 1) == '\r') {
        end--;
      }
    } else if (end > start && charAt(end - 1) == '\r') {
      end--;
    }
    return end;
  }

  private char charAt(long position) {
    return text[(int) (position - textStart)];
  }

  private long lineStart(long line) {
    if (line < firstLine || line >= firstLine + lineCount) {
      throw new IllegalStateException(
          "line " + line + " is not kept (lines " + firstLine + ".. are)");
    }
    return lineStarts[(int) (line - firstLine)];
  }

  /** Numbers the lines of {@code text[from, to)} and refuses a NUL. */
  private void scan(int from, int to) throws FileRefusedException {
    int i = from;
    if (crAtEnd) {
      crAtEnd = false;
      if (text[i] == '\n') {
        lineStarts[lineCount - 1]++;
        i++;
      }
    }
    for (; i < to; i++) {
      char c = text[i];
      if (c > '\r') {
        continue; // all but a few control characters: one comparison
      }
      if (c == '\n') {
        addLine(textStart + i + 1);
      } else if (c == '\r') {
        if (i + 1 == to) {
          crAtEnd = true;
        } else if (text[i + 1] == '\n') {
          i++;
        }
        addLine(textStart + i + 1);
      } else if (c == 0) {
        throw new FileRefusedException(
            RejectRule.FILE_NOT_CSV,
            "binary data, not CSV text: a NUL character at line "
                + (firstLine + lineCount - 1)
                + ", column "
                + (textStart + i - lineStarts[lineCount - 1] + 1));
      }
    }
  }

  private void addLine(long start) {
    if (lineCount == lineStarts.length) {
      lineStarts = Arrays.copyOf(lineStarts, lineCount * 2);
    }
    lineStarts[lineCount++] = start;
  }

  /** Drops the text before the current record; grows the buffer if the record fills it. */
  private void makeRoom(int wanted) throws FileRefusedException {
    if (text.length - textLength >= wanted) {
      return;
    }
    if (keepFromLine > firstLine && keepFromLine < firstLine + lineCount) {
      int droppedLines = (int) (keepFromLine - firstLine);
      long keep = lineStarts[droppedLines];
      int dropped = (int) (keep - textStart);
      System.arraycopy(text, dropped, text, 0, textLength - dropped);
      textLength -= dropped;
      textStart = keep;
      System.arraycopy(lineStarts, droppedLines, lineStarts, 0, lineCount - droppedLines);
      lineCount -= droppedLines;
      firstLine = keepFromLine;
    }
    if (text.length - textLength >= wanted) {
      return;
    }
    if (textLength > MAX_RECORD_CHARS) {
      throw new FileRefusedException(
          RejectRule.FILE_NOT_CSV,
          String.format(
              Locale.ROOT,
              "line %d runs on for over %,d characters (a quote that is never closed, or not"
                  + " text in lines); nothing of the file is loaded",
              firstLine,
              MAX_RECORD_CHARS));
    }
    text = Arrays.copyOf(text, Math.min(text.length * 2, MAX_RECORD_CHARS + INITIAL_CHARS));
  }
}
