package io.stockpipe.scheduler;

import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.scheduler.config.SourceConfig;
import java.time.LocalDate;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The price sources the ingest step reads for a range of business dates: configuration's job. */
@FunctionalInterface
public interface SourcesForDate {
  List<PriceSource> sources(LocalDate from, LocalDate to);

  /** How to read {@code source}: the defaults, unless its configuration says otherwise. */
  default IngestOptions options(PriceSource source) {
    return IngestOptions.defaults();
  }

  /** No sources: the ingest step has nothing to do (prices arrive some other way). */
  SourcesForDate NONE = (from, to) -> List.of();

  /** The {@code sources:} of stockpipe.yaml, each read with its own options (its CSV format). */
  static SourcesForDate configured(List<SourceConfig> configured) {
    return new SourcesForDate() {
      private final Map<PriceSource, SourceConfig> origin =
          Collections.synchronizedMap(new IdentityHashMap<>());

      @Override
      public List<PriceSource> sources(LocalDate from, LocalDate to) {
        return configured.stream()
            .map(
                config -> {
                  PriceSource source = config.priceSource(from, to);
                  origin.put(source, config);
                  return source;
                })
            .toList();
      }

      @Override
      public IngestOptions options(PriceSource source) {
        SourceConfig config = origin.remove(source);
        return config == null
            ? IngestOptions.defaults()
            : config.ingestOptions(IngestOptions.defaults());
      }
    };
  }
}
