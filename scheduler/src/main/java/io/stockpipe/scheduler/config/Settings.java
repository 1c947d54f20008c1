package io.stockpipe.scheduler.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import org.quartz.CronExpression;

/** Checks shared by the sections; each refusal names its key. */
final class Settings {
  private Settings() {}

  static void require(boolean condition, String key, String problem) {
    if (!condition) {
      throw new InvalidSettingException(key, problem);
    }
  }

  /** What the audit and the logs call a source by, so kept to characters that need no quoting. */
  static String sourceName(String name) {
    require(name != null, "name", "is missing");
    require(
        name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"),
        "name",
        "'" + name + "' is not a source name (letters, digits, '_', '.' or '-', at most 64)");
    return name;
  }

  static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  /** Null or a text with something in it: a key given as {@code ''} is a mistake, not a default. */
  static String optionalText(String key, String value) {
    require(value == null || !value.isBlank(), key, "is empty; leave the key out for the default");
    return value == null ? null : value.strip();
  }

  static String cron(String key, String expression) {
    require(expression != null, key, "is missing");
    require(
        CronExpression.isValidExpression(expression),
        key,
        "'"
            + expression
            + "' is not a Quartz cron expression (seconds minutes hours day-of-month month"
            + " day-of-week, e.g. '0 0 22 ? * MON-FRI')");
    return expression;
  }

  static long atLeast(String key, long value, long minimum) {
    require(value >= minimum, key, "must be at least " + minimum + ", was " + value);
    return value;
  }

  static Duration millis(String key, long value, long minimum) {
    return Duration.ofMillis(atLeast(key, value, minimum));
  }

  static Duration seconds(String key, long value, long minimum) {
    return Duration.ofSeconds(atLeast(key, value, minimum));
  }

  /** {@code value} as a constant of {@code type}, matched by its lower-case name. */
  static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
    return choice(key, value, EnumSet.allOf(type));
  }

  /**
   * {@code value} as one of {@code allowed}, matched by its lower-case name; the refusal lists
   * them.
   */
  static <E extends Enum<E>> E choice(String key, String value, EnumSet<E> allowed) {
    for (E constant : allowed) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(value.strip().toLowerCase(Locale.ROOT))) {
        return constant;
      }
    }
    StringBuilder names = new StringBuilder();
    for (E constant : allowed) {
      names.append(names.length() == 0 ? "" : ", ").append(lower(constant));
    }
    throw new InvalidSettingException(key, "'" + value + "' is not one of " + names);
  }

  static String lower(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
