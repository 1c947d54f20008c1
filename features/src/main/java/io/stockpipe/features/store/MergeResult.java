package io.stockpipe.features.store;

import java.time.LocalDate;

/** What one merge wrote: rows, symbols and the date span of the feature rows. */
public record MergeResult(
    long featureRows, long labelRows, long symbols, LocalDate firstDate, LocalDate lastDate) {}
