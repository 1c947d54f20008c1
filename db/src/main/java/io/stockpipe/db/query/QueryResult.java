package io.stockpipe.db.query;

import java.util.List;

/**
 * What one statement returned: columns and rows as text (SQL NULL as null), or an update count.
 *
 * @param columns column labels; empty for a statement that returns no rows
 * @param rows values as text, null for SQL NULL
 * @param updateCount rows changed by a statement without a result set, else -1
 */
public record QueryResult(List<String> columns, List<List<String>> rows, long updateCount) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = rows.stream().map(row -> java.util.Collections.unmodifiableList(row)).toList();
  }

  public boolean hasResultSet() {
    return !columns.isEmpty();
  }
}
