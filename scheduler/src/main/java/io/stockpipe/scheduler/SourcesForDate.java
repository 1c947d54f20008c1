package io.stockpipe.scheduler;

import io.stockpipe.ingest.PriceSource;
import java.time.LocalDate;
import java.util.List;

/** The price sources the ingest step reads for a range of business dates: configuration's job. */
@FunctionalInterface
public interface SourcesForDate {
  List<PriceSource> sources(LocalDate from, LocalDate to);

  /** No sources: the ingest step has nothing to do (prices arrive some other way). */
  SourcesForDate NONE = (from, to) -> List.of();
}
