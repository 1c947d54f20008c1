package io.stockpipe.scheduler.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stockpipe.scheduler.node.Role;
import java.time.Duration;
import java.util.Objects;

/**
 * What this scheduler node does and how patiently it retries.
 *
 * @param role which jobs the node runs (one {@link Role}, shared with the node)
 * @param transientRetries how often a step that failed for a passing reason (database unreachable,
 *     a lock held) is tried again before the run fails
 * @param retryBackoff wait before the first retry
 */
public record SchedulerSettings(Role role, int transientRetries, Duration retryBackoff) {
  public static final int DEFAULT_TRANSIENT_RETRIES = 3;
  public static final long DEFAULT_RETRY_BACKOFF_SECONDS = 30;

  public static final SchedulerSettings DEFAULTS =
      new SchedulerSettings(
          Role.ALL, DEFAULT_TRANSIENT_RETRIES, Duration.ofSeconds(DEFAULT_RETRY_BACKOFF_SECONDS));

  public SchedulerSettings {
    Objects.requireNonNull(role, "role");
    Settings.atLeast("transient_retries", transientRetries, 0);
    Objects.requireNonNull(retryBackoff, "retry_backoff_s");
    Settings.require(
        !retryBackoff.isNegative(), "retry_backoff_s", "must not be negative, was " + retryBackoff);
  }

  @JsonCreator
  static SchedulerSettings fromFile(
      @JsonProperty("role") String role,
      @JsonProperty("transient_retries") Integer transientRetries,
      @JsonProperty("retry_backoff_s") Long retryBackoffSeconds) {
    return new SchedulerSettings(
        role == null ? Role.ALL : Settings.choice("role", role, Role.class),
        Settings.orDefault(transientRetries, DEFAULT_TRANSIENT_RETRIES),
        Settings.seconds(
            "retry_backoff_s",
            Settings.orDefault(retryBackoffSeconds, DEFAULT_RETRY_BACKOFF_SECONDS),
            0));
  }

  void describe(Describer out) {
    out.section("scheduler");
    out.value("role", Settings.lower(role));
    out.value("transient_retries", transientRetries);
    out.value("retry_backoff_s", retryBackoff.toSeconds());
  }
}
