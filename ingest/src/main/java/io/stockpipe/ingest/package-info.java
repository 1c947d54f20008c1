/**
 * Ingest: read price sources, validate every row, and load the good ones into {@code price_bar}
 * idempotently, with every refused row recorded in {@code ingest_reject}.
 */
package io.stockpipe.ingest;
