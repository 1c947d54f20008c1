package io.stockpipe.errors;

/**
 * The one root of every error stockpipe reports to an operator. Its message says what went wrong,
 * where (file, line, symbol, date) and, where it helps, what to do next.
 */
public class PipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PipelineException(String message) {
    super(message);
  }

  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
