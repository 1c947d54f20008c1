package io.stockpipe.ingest.validation;

/**
 * Why a row (or a whole file) was refused. The name is what {@code ingest_reject.rule} holds, so
 * operators can count and filter by it.
 */
public enum RejectRule {
  // Row rules: the row is refused, the rest of the file still loads. BAD_SYMBOL refuses the whole
  // file when the symbol comes from the file's name.
  WRONG_COLUMN_COUNT,
  MISSING_VALUE,
  UNPARSABLE_DATE,
  UNPARSABLE_NUMBER,
  NOT_A_NUMBER,
  NON_POSITIVE_PRICE,
  NEGATIVE_VOLUME,
  HIGH_BELOW_LOW,
  OPEN_OUTSIDE_RANGE,
  CLOSE_OUTSIDE_RANGE,
  FUTURE_DATE,
  DUPLICATE_DATE,
  NOT_DAILY,
  BAD_SYMBOL,
  /** Longer than any price line could be; the field values are not read. */
  LINE_TOO_LONG,
  // File rules: nothing of the file is loaded.
  FILE_UNREADABLE,
  FILE_EMPTY,
  FILE_NOT_CSV,
  UNKNOWN_FORMAT,
  SOURCE_UNAVAILABLE,
  /** A symbolic link in a source directory that leads out of it: never opened. */
  FILE_LINK_OUTSIDE_SOURCE
}
