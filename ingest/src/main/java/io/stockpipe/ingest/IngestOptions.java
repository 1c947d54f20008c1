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
 * @param loaders database connections loading batches in parallel (a strict run uses one)
 */
public record IngestOptions(
    List<CsvLayout> forcedLayouts, boolean strict, int batchRows, int loaders) {
  public static final int DEFAULT_BATCH_ROWS = 100_000;

  /**
   * One: on a 2-core machine the JVM's parsing and one PostgreSQL backend already fill both cores,
   * and a second loader measured no faster. A server with spare cores may gain from more.
   */
  public static final int DEFAULT_LOADERS = 1;

  public IngestOptions {
    forcedLayouts = List.copyOf(forcedLayouts);
    if (batchRows < 1) {
      throw new BadInputException("batch rows must be at least 1, was " + batchRows);
    }
    if (loaders < 1 || loaders > 16) {
      throw new BadInputException("loaders must be 1..16, was " + loaders);
    }
  }

  public static IngestOptions defaults() {
    return new IngestOptions(List.of(), false, DEFAULT_BATCH_ROWS, DEFAULT_LOADERS);
  }

  public IngestOptions withStrict(boolean newStrict) {
    return new IngestOptions(forcedLayouts, newStrict, batchRows, loaders);
  }

  public IngestOptions withBatchRows(int newBatchRows) {
    return new IngestOptions(forcedLayouts, strict, newBatchRows, loaders);
  }

  public IngestOptions withLoaders(int newLoaders) {
    return new IngestOptions(forcedLayouts, strict, batchRows, newLoaders);
  }

  /** {@code plain|yahoo|stooq|kaggle}, or null/"auto" to detect. */
  public IngestOptions withFormat(String format) {
    List<CsvLayout> layouts =
        format == null || format.equalsIgnoreCase("auto") ? List.of() : CsvLayout.forFormat(format);
    return new IngestOptions(layouts, strict, batchRows, loaders);
  }
}
