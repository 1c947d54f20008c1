package io.stockpipe.db.testing;

import io.stockpipe.db.Database;
import io.stockpipe.db.embedded.EmbeddedServer;
import io.stockpipe.db.embedded.ServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * One real embedded PostgreSQL per test JVM, migrated by Flyway, emptied before each test by {@link
 * PostgresExtension}. It is started by the product's own code, with the one difference tests are
 * allowed: durability off ({@link #FAST_UNSAFE}), since tests need speed and their data is thrown
 * away. Its URL carries the password, so that tests which pass {@code --db-url} need no more.
 */
public final class TestDatabase {
  /** The one place that turns the server's durability off, for tests only. */
  public static final Map<String, String> FAST_UNSAFE =
      Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off");

  private static Database database;
  private static EmbeddedServer server;

  private TestDatabase() {}

  public static synchronized Database get() {
    if (database == null) {
      Path home;
      try {
        home = Files.createTempDirectory("stockpipe-test-pg");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server =
          EmbeddedServer.start(
              home.resolve("pgdata"),
              freePort(),
              "stockpipe",
              ServerCredentials.readOrCreate(home),
              home.resolve("postgres.log"),
              FAST_UNSAFE);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
      database =
          Database.connect(
              server.jdbcUrl() + "?password=" + server.superuserPassword(),
              ServerCredentials.SUPERUSER,
              server.superuserPassword());
      database.migrate();
    }
    return database;
  }

  /** The test server's URL, password included: what {@code --db-url} takes in tests. */
  public static String jdbcUrl() {
    return get().jdbcUrl();
  }

  /**
   * The test server as {@code query --read-only} meets it: the product's reader login. Closed by
   * the caller.
   */
  public static Database reader() {
    return Database.connect(server.jdbcUrl(), ServerCredentials.READER, readerPassword());
  }

  /** Enables the reader login of the test server; returns its password. */
  public static String readerPassword() {
    get();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER ROLE "
              + ServerCredentials.READER
              + " LOGIN PASSWORD '"
              + server.credentials().readerPassword()
              + "'");
    } catch (SQLException e) {
      throw new IllegalStateException("could not enable the reader login", e);
    }
    return server.credentials().readerPassword();
  }

  /** The superuser's password of the test server. */
  public static String password() {
    get();
    return server.superuserPassword();
  }

  /**
   * Empties every table but Flyway's history and Quartz's lock rows (which the schema itself
   * provides), so each test starts from a migrated, empty schema.
   */
  public static void reset() {
    try (Connection connection = get().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      String tables;
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables"
                  + " WHERE schemaname = 'public'"
                  + " AND tablename NOT IN ('flyway_schema_history', 'qrtz_locks')")) {
        rows.next();
        tables = rows.getString(1);
      }
      if (tables != null) {
        statement.execute("TRUNCATE " + tables + " RESTART IDENTITY CASCADE");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not reset the test database", e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
