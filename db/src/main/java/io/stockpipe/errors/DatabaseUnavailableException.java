package io.stockpipe.errors;

/** The database could not be reached or started. */
public class DatabaseUnavailableException extends TransientException {
  private static final long serialVersionUID = 1L;

  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
