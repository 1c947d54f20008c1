package io.stockpipe.scheduler.node;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.scheduler.RetryPolicy;
import io.stockpipe.scheduler.retrain.RetrainPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.quartz.CronExpression;

/**
 * How a node runs.
 *
 * @param role which schedulers it starts
 * @param nightlyCron the nightly chain's Quartz cron expression, in {@code timeZone}; null for a
 *     node that installs no nightly (the demo's, which runs one chosen date)
 * @param timeZone where the business date is today's date
 * @param retry transient failures of a step
 * @param clusterCheckin how often the node tells the cluster it lives; a node silent for longer
 *     (plus a margin) is taken for dead and its recoverable jobs run elsewhere
 * @param leaseWait how long a step waits for a (step, date) lease another node holds
 * @param clock today's date and the misfire time come from here (tests move it)
 * @param retrainCron the retrain's Quartz cron expression, in {@code timeZone}, which a node with
 *     the model role installs for the cluster; null: it removes the retrain's trigger (off)
 * @param retrainPolicy how the retrain it installs trains and decides
 */
public record NodeSettings(
    Role role,
    String nightlyCron,
    ZoneId timeZone,
    RetryPolicy retry,
    Duration clusterCheckin,
    Duration leaseWait,
    Clock clock,
    String retrainCron,
    RetrainPolicy retrainPolicy) {
  public static final String DEFAULT_CRON = "0 0 22 ? * MON-FRI";
  public static final String DEFAULT_RETRAIN_CRON = "0 0 6 ? * SAT";
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("America/New_York");

  public NodeSettings {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(timeZone, "time zone");
    Objects.requireNonNull(retrainPolicy, "retrain policy");
    if (nightlyCron != null && !CronExpression.isValidExpression(nightlyCron)) {
      throw new BadInputException("'" + nightlyCron + "' is not a Quartz cron expression");
    }
    if (retrainCron != null && !CronExpression.isValidExpression(retrainCron)) {
      throw new BadInputException(
          "--retrain-cron '" + retrainCron + "' is not a Quartz cron expression");
    }
    if (clusterCheckin.toMillis() < 500) {
      throw new BadInputException("the cluster check-in must be at least 500 ms");
    }
  }

  public static NodeSettings defaults(Role role) {
    return new NodeSettings(
        role,
        DEFAULT_CRON,
        DEFAULT_ZONE,
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        Clock.systemUTC(),
        DEFAULT_RETRAIN_CRON,
        RetrainPolicy.defaults(Architecture.DENSE));
  }

  public NodeSettings withCron(String cron, ZoneId zone) {
    return new NodeSettings(
        role, cron, zone, retry, clusterCheckin, leaseWait, clock, retrainCron, retrainPolicy);
  }

  public NodeSettings withClock(Clock newClock) {
    return new NodeSettings(
        role,
        nightlyCron,
        timeZone,
        retry,
        clusterCheckin,
        leaseWait,
        newClock,
        retrainCron,
        retrainPolicy);
  }

  public NodeSettings withClusterCheckin(Duration checkin) {
    return new NodeSettings(
        role, nightlyCron, timeZone, retry, checkin, leaseWait, clock, retrainCron, retrainPolicy);
  }

  public NodeSettings withRetry(RetryPolicy newRetry) {
    return new NodeSettings(
        role,
        nightlyCron,
        timeZone,
        newRetry,
        clusterCheckin,
        leaseWait,
        clock,
        retrainCron,
        retrainPolicy);
  }

  /** The retrain's cron (in {@link #timeZone}), or null to turn the retrain off. */
  public NodeSettings withRetrainCron(String cron) {
    return new NodeSettings(
        role, nightlyCron, timeZone, retry, clusterCheckin, leaseWait, clock, cron, retrainPolicy);
  }

  public NodeSettings withRetrainPolicy(RetrainPolicy policy) {
    return new NodeSettings(
        role, nightlyCron, timeZone, retry, clusterCheckin, leaseWait, clock, retrainCron, policy);
  }
}
