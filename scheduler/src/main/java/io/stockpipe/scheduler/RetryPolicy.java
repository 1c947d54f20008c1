package io.stockpipe.scheduler;

import io.stockpipe.errors.BadInputException;
import java.time.Duration;

/**
 * How often a step that failed for a passing reason (the database unreachable, a lease busy) is
 * tried again, and how long the node waits before each try (doubling).
 *
 * @param attempts tries in all, at least 1
 * @param backoff the wait before the second try
 */
public record RetryPolicy(int attempts, Duration backoff) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(30));
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO);

  public RetryPolicy {
    if (attempts < 1) {
      throw new BadInputException("retry attempts must be at least 1, was " + attempts);
    }
    if (backoff.isNegative()) {
      throw new BadInputException("retry backoff must not be negative, was " + backoff);
    }
  }

  /** The wait before try {@code attempt} (2, 3, …). */
  Duration waitBefore(int attempt) {
    return backoff.multipliedBy(1L << Math.min(attempt - 2, 16));
  }
}
