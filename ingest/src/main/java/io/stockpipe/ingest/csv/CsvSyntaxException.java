package io.stockpipe.ingest.csv;

import java.io.IOException;

/** The input is not CSV: an unterminated quote, or text between a closing quote and the comma. */
final class CsvSyntaxException extends IOException {
  private static final long serialVersionUID = 1L;

  CsvSyntaxException(String message) {
    super(message);
  }
}
