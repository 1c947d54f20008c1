package io.stockpipe.ingest.validation;

import io.stockpipe.errors.BadInputException;

/** A value that breaks one {@link RejectRule}; the message names the value. */
public final class InvalidBarException extends BadInputException {
  private static final long serialVersionUID = 1L;
  private final RejectRule rule;

  public InvalidBarException(RejectRule rule, String message) {
    super(message);
    this.rule = rule;
  }

  public RejectRule rule() {
    return rule;
  }
}
