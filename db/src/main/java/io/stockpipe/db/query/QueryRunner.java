package io.stockpipe.db.query;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * Runs one SQL statement for an operator: as the owner, or {@linkplain #readOnly read-only}.
 * Thread-safe (it holds only its data source).
 *
 * <p>Read-only is a boundary, not a hint: the statement runs as a login of {@code stockpipe_reader}
 * (SELECT on the pipeline's tables, no superuser, no server files, programs or signals), refused
 * unless it is exactly one statement, inside a read-only transaction that is rolled back, under a
 * statement timeout.
 */
public final class QueryRunner {
  /** Roles whose members could write server files, run programs or end other sessions. */
  private static final List<String> DANGEROUS_ROLES =
      List.of(
          "pg_read_server_files",
          "pg_write_server_files",
          "pg_execute_server_program",
          "pg_signal_backend");

  private final DataSource dataSource;
  private final Duration readOnlyTimeout;

  private QueryRunner(DataSource dataSource, Duration readOnlyTimeout) {
    this.dataSource = dataSource;
    this.readOnlyTimeout = readOnlyTimeout;
  }

  /** Statements as the configured user, the schema's owner: what an operator may do. */
  public static QueryRunner asOwner(DataSource dataSource) {
    return new QueryRunner(dataSource, null);
  }

  /**
   * One reading statement at a time on {@code readerDataSource}, whose login must be a plain role
   * (checked on every run), each cancelled after {@code timeout}.
   */
  public static QueryRunner readOnly(DataSource readerDataSource, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new BadInputException("the statement timeout must be positive, was " + timeout);
    }
    return new QueryRunner(readerDataSource, timeout);
  }

  public QueryResult run(String sql) {
    boolean readOnly = readOnlyTimeout != null;
    if (readOnly) {
      requireOneStatement(sql);
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        if (readOnly) {
          requirePlainLogin(connection);
          try (Statement setUp = connection.createStatement()) {
            setUp.execute("SET TRANSACTION READ ONLY");
            setUp.execute("SET LOCAL statement_timeout = " + readOnlyTimeout.toMillis());
          }
        }
        QueryResult result = execute(connection, sql);
        if (readOnly) {
          connection.rollback();
        } else {
          connection.commit();
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      if ("57014".equals(e.getSQLState()) && readOnly) {
        throw new BadInputException(
            "query cancelled after the statement timeout of "
                + readOnlyTimeout.toSeconds()
                + " s; narrow it, or give --timeout more",
            e);
      }
      throw new BadInputException("query failed: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses more than one statement, split the way the driver would split them (quotes, dollar
   * quotes, comments and E'' strings respected), so {@code commit; delete …} never reaches the
   * server.
   */
  static void requireOneStatement(String sql) {
    List<NativeQuery> statements;
    try {
      statements = Parser.parseJdbcSql(sql, true, false, true, false, false);
    } catch (SQLException e) {
      throw new BadInputException("cannot read the statement: " + e.getMessage(), e);
    }
    long nonEmpty = statements.stream().filter(q -> !q.nativeSql.isBlank()).count();
    if (nonEmpty != 1) {
      throw new BadInputException(
          "--read-only runs exactly one statement; this text holds "
              + nonEmpty
              + ". Run them one at a time.");
    }
  }

  /** A superuser or a member of a dangerous role would make "read-only" a word only. */
  private static void requirePlainLogin(Connection connection) throws SQLException {
    StringBuilder check =
        new StringBuilder("SELECT current_user, r.rolsuper OR r.rolcreaterole OR r.rolbypassrls");
    for (String role : DANGEROUS_ROLES) {
      check.append(" OR pg_has_role(current_user, '").append(role).append("', 'MEMBER')");
    }
    check.append(" FROM pg_roles r WHERE r.rolname = current_user");
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(check.toString())) {
      if (!row.next()) {
        throw new PipelineException("refusing --read-only: cannot look up its login's role");
      }
      if (row.getBoolean(2)) {
        throw new PipelineException(
            "refusing --read-only: its login '"
                + row.getString(1)
                + "' is a superuser or may create roles, bypass row security, read or write"
                + " server files, run programs or signal other sessions; give"
                + " STOCKPIPE_DB_READER_USER a plain login in the role stockpipe_reader");
      }
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
