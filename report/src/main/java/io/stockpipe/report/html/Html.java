package io.stockpipe.report.html;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/** Escaping and the few elements the page repeats. Stateless, so thread-safe. */
final class Html {
  private Html() {}

  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** A percentage with two decimals, or an en dash for a missing value. */
  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%+.2f%%", 100 * fraction);
  }

  /** A plain number with {@code decimals} decimals, or an en dash for a missing value. */
  static String number(double value, int decimals) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** One column of an HTML table: its heading, how a row shows in it, and whether it is numeric. */
  record Column(String heading, Function<Row, String> cell, boolean numeric) {
    static Column text(String heading, Function<Row, String> cell) {
      return new Column(heading, cell, false);
    }

    static Column numeric(String heading, Function<Row, String> cell) {
      return new Column(heading, cell, true);
    }
  }

  /**
   * A table of every row of {@code table}; cells are escaped unless a column's function returns
   * markup it built itself, which only {@link Sparkline} does, marked by {@code rawHtml}.
   */
  static String table(Table table, List<Column> columns, String emptyText, String... rawHtml) {
    if (table.rowCount() == 0) {
      return "<p class=\"empty\">" + escape(emptyText) + "</p>\n";
    }
    List<String> raw = List.of(rawHtml);
    StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
    for (Column column : columns) {
      html.append(column.numeric() ? "<th class=\"num\">" : "<th>")
          .append(escape(column.heading()))
          .append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (Row row : table) {
      html.append("<tr>");
      for (Column column : columns) {
        String cell = column.cell().apply(row);
        html.append(column.numeric() ? "<td class=\"num\">" : "<td>")
            .append(raw.contains(column.heading()) ? cell : escape(cell))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    return html.append("</tbody>\n</table>\n").toString();
  }
}
