package io.stockpipe.ingest;

import java.util.List;

/** Where bars come from: a directory of CSV files, an HTTP endpoint… Each yields files of CSV. */
public interface PriceSource {
  /** What {@code ingest_run.source} records, e.g. {@code csv:/data/prices}. */
  String describe();

  /** The files to read, in the order they are loaded (a later file wins for the same bar). */
  List<SourceFile> files();
}
