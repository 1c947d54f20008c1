package io.stockpipe.ingest.http;

import io.stockpipe.errors.BadInputException;
import java.time.Duration;

/**
 * How politely and how patiently the HTTP source talks to its endpoint, and how far it trusts it.
 *
 * @param requestTimeout the longest one request may take, connection, headers and body together
 * @param maxAttempts tries per symbol (1 = no retry); retried on 5xx, 429, timeouts, I/O errors
 * @param initialBackoff wait before the second try; doubles for each further try
 * @param minIntervalBetweenRequests the rate limit: at least this long between two request starts
 * @param symbolSuffix appended to the lower-cased ticker in the URL (Stooq: ".us")
 * @param redirectsToOtherHosts whether a redirect may lead to another host, port or scheme than the
 *     configured URL's; private, loopback and link-local addresses stay refused either way
 * @param maxResponseBytes the largest body accepted; a larger one refuses the symbol
 * @param maxRetryAfter the longest {@code Retry-After} obeyed; a server asking for longer refuses
 *     the symbol at once instead of holding the run
 */
public record HttpSettings(
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration minIntervalBetweenRequests,
    String symbolSuffix,
    boolean redirectsToOtherHosts,
    long maxResponseBytes,
    Duration maxRetryAfter) {

  /** Thirty years of daily bars are ~1.5 MB; fifty leave room for any real answer. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 50L * 1024 * 1024;

  /** A constant, for the CLI's default; {@link #DEFAULT_MAX_RETRY_AFTER} is the same wait. */
  public static final long DEFAULT_MAX_RETRY_AFTER_SECONDS = 60;

  public static final Duration DEFAULT_MAX_RETRY_AFTER =
      Duration.ofSeconds(DEFAULT_MAX_RETRY_AFTER_SECONDS);

  public static final HttpSettings DEFAULTS =
      new HttpSettings(
          Duration.ofSeconds(20),
          4,
          Duration.ofSeconds(1),
          Duration.ofMillis(500),
          ".us",
          false,
          DEFAULT_MAX_RESPONSE_BYTES,
          DEFAULT_MAX_RETRY_AFTER);

  public HttpSettings {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new BadInputException("HTTP timeout must be positive, was " + requestTimeout);
    }
    if (maxAttempts < 1) {
      throw new BadInputException("HTTP attempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || minIntervalBetweenRequests.isNegative()) {
      throw new BadInputException("HTTP backoff and rate limit must not be negative");
    }
    if (maxResponseBytes < 1) {
      throw new BadInputException(
          "HTTP max bytes (--http-max-bytes) must be positive, was " + maxResponseBytes);
    }
    if (maxRetryAfter.isNegative()) {
      throw new BadInputException(
          "HTTP max Retry-After (--http-max-retry-after-s) must not be negative, was "
              + maxRetryAfter);
    }
    symbolSuffix = symbolSuffix == null ? "" : symbolSuffix;
  }

  public HttpSettings withRedirectsToOtherHosts(boolean allowed) {
    return new HttpSettings(
        requestTimeout,
        maxAttempts,
        initialBackoff,
        minIntervalBetweenRequests,
        symbolSuffix,
        allowed,
        maxResponseBytes,
        maxRetryAfter);
  }

  public HttpSettings withMaxResponseBytes(long bytes) {
    return new HttpSettings(
        requestTimeout,
        maxAttempts,
        initialBackoff,
        minIntervalBetweenRequests,
        symbolSuffix,
        redirectsToOtherHosts,
        bytes,
        maxRetryAfter);
  }

  public HttpSettings withMaxRetryAfter(Duration wait) {
    return new HttpSettings(
        requestTimeout,
        maxAttempts,
        initialBackoff,
        minIntervalBetweenRequests,
        symbolSuffix,
        redirectsToOtherHosts,
        maxResponseBytes,
        wait);
  }
}
