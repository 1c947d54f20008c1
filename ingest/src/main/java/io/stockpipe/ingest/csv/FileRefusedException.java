package io.stockpipe.ingest.csv;

import io.stockpipe.ingest.validation.RejectRule;
import java.io.IOException;

/**
 * A file refused whole while (or instead of) reading it: the message is the stored reason, already
 * naming what was found and where, so the parser adds nothing to it.
 */
class FileRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final RejectRule rule;

  FileRefusedException(RejectRule rule, String reason) {
    super(reason);
    this.rule = rule;
  }

  RejectRule rule() {
    return rule;
  }
}
