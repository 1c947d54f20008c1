package io.stockpipe.ingest.load;

import io.stockpipe.ingest.validation.PriceBar;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Bars as PostgreSQL COPY text, written straight into bytes: tab-separated, {@code \N} for NULL,
 * backslash escapes. Column order: symbol, trade_date, open, high, low, close, adj_close, volume,
 * source, ingest_run_id.
 *
 * <p>Encoding a bar through {@code BigDecimal.toPlainString}, {@code LocalDate.toString} and a
 * {@code StringBuilder} that was then copied to bytes cost a fifth of a large ingest's client time;
 * plain decimals and ISO dates are written digit by digit here instead (with the JDK's output as
 * the fallback for anything unusual, and as the reference in {@code CopyTextTest}).
 */
public final class CopyText {
  public static final String COLUMNS =
      "symbol, trade_date, open, high, low, close, adj_close, volume, source, ingest_run_id";

  /** Digits of the largest unscaled value written without BigDecimal's help. */
  private static final int MAX_FAST_DIGITS = 18;

  private static final byte[] NULL = {'\\', 'N'};

  private final byte[] runSuffix;
  private final byte[] digits = new byte[20];
  private byte[] bytes = new byte[1 << 16];
  private int length;
  private byte[] source = new byte[0];

  /**
   * @param runId the ingest run every row is stamped with
   */
  public CopyText(long runId) {
    this.runSuffix = ("\t" + runId + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The file the following bars come from (escaped once, not once per row). */
  public void startFile(String name) {
    source = escape(name).getBytes(StandardCharsets.UTF_8);
  }

  public void append(PriceBar bar) {
    // The symbol needs no escaping: PriceBar allows only [A-Z0-9._-].
    ascii(bar.symbol());
    tab();
    date(bar.tradeDate());
    tab();
    decimal(bar.open());
    decimal(bar.high());
    decimal(bar.low());
    decimal(bar.close());
    decimal(bar.adjClose());
    integer(bar.volume());
    tab();
    raw(source);
    raw(runSuffix);
  }

  /** The rows written so far; starts over empty. */
  public byte[] take() {
    byte[] taken = Arrays.copyOf(bytes, length);
    length = 0;
    return taken;
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> escaped.append("\\\\");
        case '\t' -> escaped.append("\\t");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** What {@code BigDecimal.toPlainString} writes, then a tab; {@code \N} for null. */
  private void decimal(BigDecimal value) {
    if (value == null) {
      raw(NULL);
    } else if (value.scale() >= 0
        && value.scale() <= MAX_FAST_DIGITS
        && value.precision() <= MAX_FAST_DIGITS) {
      plain(value.unscaledValue().longValue(), value.scale());
    } else {
      ascii(value.toPlainString());
    }
    tab();
  }

  private void plain(long unscaled, int scale) {
    ensure(MAX_FAST_DIGITS + 3);
    if (unscaled < 0) {
      bytes[length++] = '-';
      unscaled = -unscaled;
    }
    int count = digitsOf(unscaled);
    if (scale == 0) {
      putDigits(0, count);
    } else if (count <= scale) {
      bytes[length++] = '0';
      bytes[length++] = '.';
      for (int zeros = scale - count; zeros > 0; zeros--) {
        bytes[length++] = '0';
      }
      putDigits(0, count);
    } else {
      putDigits(0, count - scale);
      bytes[length++] = '.';
      putDigits(count - scale, count);
    }
  }

  /** What {@code LocalDate.toString} writes for years 0 to 9999. */
  private void date(LocalDate date) {
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      ascii(date.toString());
      return;
    }
    ensure(10);
    twoDigits(year / 100);
    twoDigits(year % 100);
    bytes[length++] = '-';
    twoDigits(date.getMonthValue());
    bytes[length++] = '-';
    twoDigits(date.getDayOfMonth());
  }

  private void twoDigits(int value) {
    bytes[length++] = (byte) ('0' + value / 10);
    bytes[length++] = (byte) ('0' + value % 10);
  }

  private void integer(long value) {
    if (value < 0) {
      ascii(Long.toString(value));
      return;
    }
    ensure(20);
    putDigits(0, digitsOf(value));
  }

  /** Fills {@link #digits} with the decimal digits of a non-negative value; returns how many. */
  private int digitsOf(long value) {
    int count = 0;
    do {
      digits[digits.length - 1 - count++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    System.arraycopy(digits, digits.length - count, digits, 0, count);
    return count;
  }

  private void putDigits(int from, int to) {
    System.arraycopy(digits, from, bytes, length, to - from);
    length += to - from;
  }

  private void ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      bytes[length++] = (byte) text.charAt(i);
    }
  }

  private void raw(byte[] part) {
    ensure(part.length);
    System.arraycopy(part, 0, bytes, length, part.length);
    length += part.length;
  }

  private void tab() {
    ensure(1);
    bytes[length++] = '\t';
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
