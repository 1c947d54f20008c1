package io.stockpipe.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stockpipe.db.embedded.EmbeddedServer;
import io.stockpipe.errors.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The database one command works against, with its connection pool.
 *
 * <p>External server if configured; else the embedded server already running on the configured port
 * (started by {@code stockpipe db start}, or left by an earlier process); else an embedded server
 * started for this process alone and stopped by {@link #close()}.
 */
public final class Database implements AutoCloseable {
  /** How the database was reached; shown to the user so they know where their data went. */
  public enum Mode {
    EXTERNAL,
    EMBEDDED_RUNNING,
    EMBEDDED_STARTED_FOR_THIS_COMMAND
  }

  private final HikariDataSource dataSource;
  private final EmbeddedServer ownServer;
  private final String jdbcUrl;
  private final Mode mode;

  private Database(
      HikariDataSource dataSource, EmbeddedServer ownServer, String jdbcUrl, Mode mode) {
    this.dataSource = dataSource;
    this.ownServer = ownServer;
    this.jdbcUrl = jdbcUrl;
    this.mode = mode;
  }

  public static Database open(DatabaseConfig config) {
    if (config.isExternal()) {
      return connect(config, config.externalUrl(), null, Mode.EXTERNAL);
    }
    String url = config.embeddedUrl();
    if (EmbeddedServer.isAnswering(url, config.user())) {
      return connect(config, url, null, Mode.EMBEDDED_RUNNING);
    }
    EmbeddedServer server =
        EmbeddedServer.startForThisProcess(
            config.embeddedDataDirectory(),
            config.embeddedPort(),
            DatabaseConfig.EMBEDDED_DATABASE,
            Map.of());
    try {
      return connect(config, server.jdbcUrl(), server, Mode.EMBEDDED_STARTED_FOR_THIS_COMMAND);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Wraps a server that a test or a caller already manages. */
  public static Database connect(String jdbcUrl, String user, String password) {
    return connect(jdbcUrl, user, password, null, Mode.EXTERNAL);
  }

  private static Database connect(
      DatabaseConfig config, String url, EmbeddedServer server, Mode mode) {
    return connect(url, config.user(), config.password(), server, mode);
  }

  private static Database connect(
      String url, String user, String password, EmbeddedServer server, Mode mode) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setPoolName("stockpipe");
    hikari.setMaximumPoolSize(8);
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(10_000);
    hikari.setInitializationFailTimeout(10_000);
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    hikari.addDataSourceProperty("ApplicationName", "stockpipe");
    try {
      HikariDataSource dataSource = new HikariDataSource(hikari);
      try (Connection ignored = dataSource.getConnection()) {
        return new Database(dataSource, server, url, mode);
      } catch (SQLException e) {
        dataSource.close();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      throw new DatabaseUnavailableException(
          "cannot connect to "
              + url
              + " as user '"
              + user
              + "': "
              + e.getMessage()
              + ". Check STOCKPIPE_DB_URL / STOCKPIPE_DB_USER / STOCKPIPE_DB_PASSWORD"
              + " (or unset them to use the embedded database).",
          e);
    }
  }

  /** Work on one connection that commits together or not at all. */
  @FunctionalInterface
  public interface Transaction {
    void run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public void inTransaction(Transaction work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public Mode mode() {
    return mode;
  }

  /** Brings the schema up to date; returns the number of migrations applied. */
  public int migrate() {
    return new Migrations(dataSource).migrate();
  }

  @Override
  public void close() {
    dataSource.close();
    if (ownServer != null) {
      ownServer.close();
    }
  }
}
