package io.stockpipe.ingest.http;

import io.stockpipe.errors.BadInputException;
import java.time.Duration;

/**
 * How politely and how patiently the HTTP source talks to its endpoint.
 *
 * @param requestTimeout the longest wait for one response
 * @param maxAttempts tries per symbol (1 = no retry); retried on 5xx, 429, timeouts, I/O errors
 * @param initialBackoff wait before the second try; doubles for each further try
 * @param minIntervalBetweenRequests the rate limit: at least this long between two request starts
 * @param symbolSuffix appended to the lower-cased ticker in the URL (Stooq: ".us")
 */
public record HttpSettings(
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration minIntervalBetweenRequests,
    String symbolSuffix) {

  public static final HttpSettings DEFAULTS =
      new HttpSettings(
          Duration.ofSeconds(20), 4, Duration.ofSeconds(1), Duration.ofMillis(500), ".us");

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
    symbolSuffix = symbolSuffix == null ? "" : symbolSuffix;
  }
}
