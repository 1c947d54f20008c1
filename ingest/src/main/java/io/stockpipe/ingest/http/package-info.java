/**
 * The HTTP price source: a Stooq-style daily CSV endpoint, with timeouts, retries with backoff and
 * a polite rate limit.
 */
package io.stockpipe.ingest.http;
