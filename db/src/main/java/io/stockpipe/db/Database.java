package io.stockpipe.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stockpipe.db.embedded.EmbeddedServer;
import io.stockpipe.db.embedded.ServerCredentials;
import io.stockpipe.db.embedded.ServerLease;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The database one command works against, with its connection pool.
 *
 * <p>External server if configured; else the embedded server of the home, shared with every other
 * command using it through a {@link ServerLease}: started if none runs, and stopped by the last
 * command to finish unless {@code stockpipe db start} keeps it. Thread-safe (the pool is).
 */
public final class Database implements AutoCloseable {
  /** How the database was reached; shown to the user so they know where their data went. */
  public enum Mode {
    EXTERNAL,
    EMBEDDED
  }

  private final HikariDataSource dataSource;
  private final ServerLease lease;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Mode mode;

  private Database(
      HikariDataSource dataSource,
      ServerLease lease,
      String jdbcUrl,
      String user,
      String password,
      Mode mode) {
    this.dataSource = dataSource;
    this.lease = lease;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.mode = mode;
  }

  public static Database open(DatabaseConfig config) {
    if (config.isExternal()) {
      return connect(config.externalUrl(), config.user(), config.password(), null, Mode.EXTERNAL);
    }
    ServerLease lease =
        ServerLease.acquire(
            config.home(), config.embeddedPort(), DatabaseConfig.EMBEDDED_DATABASE, Map.of());
    try {
      EmbeddedServer server = lease.server();
      return connect(
          server.jdbcUrl(),
          ServerCredentials.SUPERUSER,
          server.superuserPassword(),
          lease,
          Mode.EMBEDDED);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /**
   * The pipeline's tables as {@code query --read-only} sees them: a login in the role {@code
   * stockpipe_reader}, which may only SELECT them. On the embedded server that is the reader login
   * whose password the home keeps; on an external one, {@code STOCKPIPE_DB_READER_USER} and {@code
   * _PASSWORD}. Opens its own pool beside this one; the caller closes both.
   */
  public Database reader(DatabaseConfig config) {
    if (mode == Mode.EMBEDDED) {
      ServerCredentials credentials = lease.server().credentials();
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        // Roles are the cluster's, the password the home's: set it on every use, so that a new
        // pgpass file (or a restored data directory) cannot leave the two out of step.
        statement.execute(
            "ALTER ROLE "
                + ServerCredentials.READER
                + " LOGIN PASSWORD '"
                + credentials.readerPassword()
                + "'");
      } catch (SQLException e) {
        throw new DatabaseUnavailableException(
            "cannot enable the read-only login " + ServerCredentials.READER + ": " + e.getMessage(),
            e);
      }
      return connect(
          DatabaseConfig.withoutCredentials(jdbcUrl),
          ServerCredentials.READER,
          credentials.readerPassword(),
          null,
          mode);
    }
    if (config.readerUser() == null) {
      throw new BadInputException(
          "--read-only on an external database needs a login in the role stockpipe_reader:"
              + " set STOCKPIPE_DB_READER_USER and STOCKPIPE_DB_READER_PASSWORD (an administrator"
              + " creates it: CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE stockpipe_reader)");
    }
    return connect(
        DatabaseConfig.withoutCredentials(jdbcUrl),
        config.readerUser(),
        config.readerPassword(),
        null,
        mode);
  }

  /** Wraps a server that a test or a caller already manages. */
  public static Database connect(String jdbcUrl, String user, String password) {
    return connect(jdbcUrl, user, password, null, Mode.EXTERNAL);
  }

  private static Database connect(
      String url, String user, String password, ServerLease lease, Mode mode) {
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
        return new Database(dataSource, lease, url, user, password, mode);
      } catch (SQLException e) {
        dataSource.close();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      throw new DatabaseUnavailableException(
          "cannot connect to "
              + DatabaseConfig.redact(url)
              + " as user '"
              + user
              + "': "
              + DatabaseConfig.redact(String.valueOf(e.getMessage()))
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

  /** The URL connections use; it may hold a password: show {@link #displayUrl()} instead. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The URL with any password in it replaced by {@code ***}, for terminals and logs. */
  public String displayUrl() {
    return DatabaseConfig.redact(jdbcUrl);
  }

  public String user() {
    return user;
  }

  /** The password of {@link #user()}: the embedded server's is generated, not configured. */
  public String password() {
    return password;
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
    if (lease != null) {
      lease.close();
    }
  }
}
