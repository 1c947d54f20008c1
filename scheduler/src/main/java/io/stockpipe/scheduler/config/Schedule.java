package io.stockpipe.scheduler.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * When the nightly runs.
 *
 * @param cron Quartz cron expression of the nightly chain, read in {@code timeZone}
 * @param timeZone the exchange's zone: it says when a business date has closed
 * @param exchange ISO 10383 market identifier of the trading calendar (XNYS: New York Stock
 *     Exchange)
 */
public record Schedule(String cron, ZoneId timeZone, String exchange) {
  /** Weekdays, six hours after the New York close. */
  public static final String DEFAULT_CRON = "0 0 22 ? * MON-FRI";

  public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("America/New_York");
  public static final String DEFAULT_EXCHANGE = "XNYS";

  public static final Schedule DEFAULTS =
      new Schedule(DEFAULT_CRON, DEFAULT_TIME_ZONE, DEFAULT_EXCHANGE);

  public Schedule {
    cron = Settings.cron("cron", cron);
    Objects.requireNonNull(timeZone, "time_zone");
    Settings.require(exchange != null, "exchange", "is missing");
    exchange = exchange.strip().toUpperCase(Locale.ROOT);
    Settings.require(
        exchange.matches("[A-Z0-9]{4}"),
        "exchange",
        "'" + exchange + "' is not a market identifier code (four letters or digits, e.g. XNYS)");
  }

  @JsonCreator
  static Schedule fromFile(
      @JsonProperty("cron") String cron,
      @JsonProperty("time_zone") String timeZone,
      @JsonProperty("exchange") String exchange) {
    return new Schedule(
        Settings.orDefault(cron, DEFAULT_CRON),
        timeZone == null ? DEFAULT_TIME_ZONE : zone("time_zone", timeZone),
        Settings.orDefault(exchange, DEFAULT_EXCHANGE));
  }

  static ZoneId zone(String key, String name) {
    try {
      return ZoneId.of(name.strip());
    } catch (DateTimeException e) {
      throw new InvalidSettingException(
          key, "'" + name + "' is not a time zone (a region such as America/New_York)");
    }
  }

  void describe(Describer out) {
    out.section("schedule");
    out.value("cron", cron);
    out.value("time_zone", timeZone);
    out.value("exchange", exchange);
  }
}
