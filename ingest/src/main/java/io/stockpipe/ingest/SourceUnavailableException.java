package io.stockpipe.ingest;

import java.io.IOException;

/**
 * A source that could not deliver a document after its retries: an HTTP error status, a timeout, an
 * HTML page where CSV was expected. The message names the URL and what came back.
 */
public final class SourceUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public SourceUnavailableException(String message) {
    super(message);
  }

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
