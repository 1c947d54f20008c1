package io.stockpipe.scheduler.config;

import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.PriceSource;
import java.time.LocalDate;

/** One of the sources the nightly ingests for each business date: CSV files or an HTTP endpoint. */
public sealed interface SourceConfig permits CsvSource, HttpSource {
  /** Unique among the sources; what the nightly's audit names the source by. */
  String name();

  /**
   * The ingest module's source of the bars from {@code from} to {@code to} (the nightly asks for
   * one business date). A CSV source yields its files whole, whatever the dates: they hold what
   * they hold, and a load of bars already stored changes nothing.
   */
  PriceSource priceSource(LocalDate from, LocalDate to);

  /** {@code base} with what this source says about how its files are read (a CSV format). */
  IngestOptions ingestOptions(IngestOptions base);
}
