package io.stockpipe.ingest;

import io.stockpipe.ingest.validation.RejectRule;
import java.time.LocalDate;

/**
 * A refused row, or a refused file when {@code lineNumber} is null. One row of {@code
 * ingest_reject}.
 *
 * @param sourceFile the file path or URL the row came from
 * @param lineNumber physical line, 1 being the header; null for the whole file
 * @param symbol the ticker, where known
 * @param tradeDate the bar's date, where it could be read
 * @param rule the rule that failed
 * @param reason the message naming the value
 * @param rawLine the record as it stands in the file, quotes and blanks included, without its line
 *     break and cut to 1,000 characters (the reason says so); null for a whole file
 */
public record Reject(
    String sourceFile,
    Long lineNumber,
    String symbol,
    LocalDate tradeDate,
    RejectRule rule,
    String reason,
    String rawLine) {

  /** A refused file; {@code symbol} is the ticker its name gives, or null. */
  public static Reject wholeFile(String sourceFile, String symbol, RejectRule rule, String reason) {
    return new Reject(sourceFile, null, symbol, null, rule, reason, null);
  }

  public boolean isWholeFile() {
    return lineNumber == null;
  }

  /** "file:line: reason [RULE]", the form printed on the terminal. */
  public String describe() {
    return sourceFile
        + (lineNumber == null ? "" : ":" + lineNumber)
        + ": "
        + reason
        + " ["
        + rule
        + "]";
  }
}
