package io.stockpipe.ingest;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.csv.CsvLayout;
import java.util.List;

/**
 * How to ingest.
 *
 * @param forcedLayouts layouts allowed by {@code --format}, or empty to detect each file's
 * @param strict any reject fails the run and nothing of it is kept
 * @param batchRows a batch (one transaction) closes once it holds at least this many bars
 */
public record IngestOptions(List<CsvLayout> forcedLayouts, boolean strict, int batchRows) {
  public static final int DEFAULT_BATCH_ROWS = 100_000;

  public IngestOptions {
    forcedLayouts = List.copyOf(forcedLayouts);
    if (batchRows < 1) {
      throw new BadInputException("batch rows must be at least 1, was " + batchRows);
    }
  }

  public static IngestOptions defaults() {
    return new IngestOptions(List.of(), false, DEFAULT_BATCH_ROWS);
  }

  public IngestOptions withStrict(boolean newStrict) {
    return new IngestOptions(forcedLayouts, newStrict, batchRows);
  }

  public IngestOptions withBatchRows(int newBatchRows) {
    return new IngestOptions(forcedLayouts, strict, newBatchRows);
  }

  /** {@code plain|yahoo|stooq|kaggle}, or null/"auto" to detect. */
  public IngestOptions withFormat(String format) {
    List<CsvLayout> layouts =
        format == null || format.equalsIgnoreCase("auto") ? List.of() : CsvLayout.forFormat(format);
    return new IngestOptions(layouts, strict, batchRows);
  }
}
