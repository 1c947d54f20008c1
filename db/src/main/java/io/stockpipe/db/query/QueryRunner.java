package io.stockpipe.db.query;

import io.stockpipe.errors.BadInputException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Runs one SQL statement for an operator, optionally inside a read-only transaction. */
public final class QueryRunner {
  private final DataSource dataSource;

  public QueryRunner(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public QueryResult run(String sql, boolean readOnly) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        if (readOnly) {
          try (Statement setReadOnly = connection.createStatement()) {
            setReadOnly.execute("SET TRANSACTION READ ONLY");
          }
        }
        QueryResult result = execute(connection, sql);
        connection.commit();
        return result;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new BadInputException("query failed: " + e.getMessage(), e);
    }
  }

  private static QueryResult execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      boolean hasResultSet = statement.execute(sql);
      if (!hasResultSet) {
        return new QueryResult(List.of(), List.of(), statement.getLargeUpdateCount());
      }
      try (ResultSet resultSet = statement.getResultSet()) {
        ResultSetMetaData meta = resultSet.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.add(meta.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (resultSet.next()) {
          List<String> row = new ArrayList<>(columns.size());
          for (int i = 1; i <= columns.size(); i++) {
            row.add(resultSet.getString(i));
          }
          rows.add(row);
        }
        return new QueryResult(columns, rows, -1);
      }
    }
  }
}
