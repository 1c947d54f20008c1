package io.stockpipe.errors;

/**
 * A failure that may pass if the same work is tried again later: the database unreachable, a lock
 * or lease busy. A scheduled job retries these with backoff; an input error or a bug it does not.
 */
public class TransientException extends PipelineException {
  private static final long serialVersionUID = 1L;

  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
