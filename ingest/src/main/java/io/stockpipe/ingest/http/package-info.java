/**
 * The HTTP price source: a Stooq-style daily CSV endpoint, with timeouts, retries with backoff, a
 * polite rate limit, and limits on what the endpoint may ask of it (redirects, size, waits).
 */
package io.stockpipe.ingest.http;
