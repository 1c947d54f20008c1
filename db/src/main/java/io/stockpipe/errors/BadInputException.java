package io.stockpipe.errors;

/** Input that stockpipe refuses: a file, a flag or a value that is not what it must be. */
public class BadInputException extends PipelineException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
