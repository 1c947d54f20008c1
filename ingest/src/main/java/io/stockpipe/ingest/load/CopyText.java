package io.stockpipe.ingest.load;

import io.stockpipe.ingest.validation.PriceBar;
import java.math.BigDecimal;

/**
 * Writes bars in PostgreSQL's COPY text format: tab-separated, {@code \N} for NULL, backslash
 * escapes. Column order: symbol, trade_date, open, high, low, close, adj_close, volume, source,
 * ingest_run_id.
 */
public final class CopyText {
  public static final String COLUMNS =
      "symbol, trade_date, open, high, low, close, adj_close, volume, source, ingest_run_id";

  private CopyText() {}

  /**
   * @param escapedSource the file's name, {@linkplain #escape escaped} once
   * @param runSuffix {@code "\t" + runId + "\n"}, built once per run
   */
  public static void append(
      StringBuilder out, PriceBar bar, String escapedSource, String runSuffix) {
    out.append(bar.symbol()).append('\t').append(bar.tradeDate()).append('\t');
    decimal(out, bar.open());
    decimal(out, bar.high());
    decimal(out, bar.low());
    decimal(out, bar.close());
    decimal(out, bar.adjClose());
    out.append(bar.volume()).append('\t').append(escapedSource).append(runSuffix);
  }

  /** Escapes a text value once, so a file's name is not escaped again for each of its rows. */
  public static String escape(String text) {
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

  private static void decimal(StringBuilder out, BigDecimal value) {
    out.append(value == null ? "\\N" : value.toPlainString()).append('\t');
  }
}
