package io.stockpipe.scheduler.config;

/**
 * Writes the effective configuration as YAML-shaped lines, one key a line, for {@code db status}:
 * what was left out shows as its default, what was not set as {@code (not set)}, a secret as {@code
 * ***}. Display only, so values are not quoted.
 */
final class Describer {
  static final String NOT_SET = "(not set)";

  private final StringBuilder text = new StringBuilder();
  private String indent = "";
  private boolean itemStarts;

  /** {@code ***} for a secret that is set, so that nothing printed or logged shows it. */
  static String secret(String value) {
    return value == null ? NOT_SET : "***";
  }

  void section(String name) {
    text.append(name).append(":\n");
    indent = "  ";
    itemStarts = false;
  }

  void emptyList(String name) {
    text.append(name).append(": []\n");
    indent = "";
  }

  /** The next value opens an item of the list the current section holds. */
  void item() {
    itemStarts = true;
  }

  void value(String key, Object value) {
    if (itemStarts) {
      text.append("  - ");
      indent = "    ";
      itemStarts = false;
    } else {
      text.append(indent);
    }
    text.append(key).append(": ").append(value == null ? NOT_SET : value).append('\n');
  }

  void secret(String key, String value) {
    value(key, secret(value));
  }

  String text() {
    return text.toString();
  }
}
