package io.stockpipe.ingest;

import java.io.IOException;
import java.io.Reader;

/** One CSV document of a {@link PriceSource}: a file on disk or one HTTP response. */
public interface SourceFile {
  /** Path or URL, as reported in rejects and errors. */
  String name();

  /**
   * The ticker this document is for when its rows carry none (e.g. {@code AAPL.csv}), or null when
   * the name says nothing.
   */
  String symbolFromName();

  /** Opens the document; an {@link IOException} refuses the whole file with its message. */
  Reader open() throws IOException;
}
