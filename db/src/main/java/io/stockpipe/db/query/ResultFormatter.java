package io.stockpipe.db.query;

import java.util.Collections;
import java.util.List;

/** Renders a {@link QueryResult} as an aligned text table (for people) or CSV (for scripts). */
public final class ResultFormatter {
  private ResultFormatter() {}

  /** psql-like: header, a rule, right-aligned numbers, "(N rows)". NULL prints as empty. */
  public static String table(QueryResult result) {
    if (!result.hasResultSet()) {
      return "(" + result.updateCount() + " rows affected)\n";
    }
    List<String> columns = result.columns();
    int[] widths = new int[columns.size()];
    boolean[] numeric = new boolean[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).length();
      numeric[c] = !result.rows().isEmpty();
      for (List<String> row : result.rows()) {
        String value = row.get(c);
        widths[c] = Math.max(widths[c], value == null ? 0 : value.length());
        numeric[c] &= value == null || isNumber(value);
      }
    }
    StringBuilder out = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      out.append(c == 0 ? " " : " | ").append(pad(columns.get(c), widths[c], false));
    }
    stripTrailingSpaces(out);
    out.append('\n');
    for (int c = 0; c < columns.size(); c++) {
      out.append(c == 0 ? "" : "+").append("-".repeat(widths[c] + 2));
    }
    out.append('\n');
    for (List<String> row : result.rows()) {
      for (int c = 0; c < columns.size(); c++) {
        String value = row.get(c) == null ? "" : row.get(c);
        out.append(c == 0 ? " " : " | ").append(pad(value, widths[c], numeric[c]));
      }
      stripTrailingSpaces(out);
      out.append('\n');
    }
    int count = result.rows().size();
    out.append('(').append(count).append(count == 1 ? " row)" : " rows)").append('\n');
    return out.toString();
  }

  /** RFC 4180 CSV with a header line; NULL is an empty field. */
  public static String csv(QueryResult result) {
    if (!result.hasResultSet()) {
      return "rows_affected\n" + result.updateCount() + "\n";
    }
    StringBuilder out = new StringBuilder();
    appendCsvLine(out, result.columns());
    for (List<String> row : result.rows()) {
      appendCsvLine(out, row);
    }
    return out.toString();
  }

  private static void appendCsvLine(StringBuilder out, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String value = values.get(i);
      if (value == null) {
        continue;
      }
      boolean quote =
          value.indexOf(',') >= 0
              || value.indexOf('"') >= 0
              || value.indexOf('\n') >= 0
              || value.indexOf('\r') >= 0;
      out.append(quote ? '"' + value.replace("\"", "\"\"") + '"' : value);
    }
    out.append('\n');
  }

  private static void stripTrailingSpaces(StringBuilder out) {
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ' ') {
      end--;
    }
    out.setLength(end);
  }

  private static boolean isNumber(String value) {
    return value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  }

  private static String pad(String value, int width, boolean right) {
    String padding = String.join("", Collections.nCopies(Math.max(0, width - value.length()), " "));
    return right ? padding + value : value + padding;
  }
}
