package io.stockpipe.db.testing;

import io.stockpipe.db.Database;
import io.stockpipe.db.embedded.EmbeddedServer;
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
 * PostgresExtension}. fsync is off: tests need speed, not durability.
 */
public final class TestDatabase {
  private static Database database;
  private static EmbeddedServer server;
  private static Path dataDirectory;

  private TestDatabase() {}

  public static synchronized Database get() {
    if (database == null) {
      try {
        dataDirectory = Files.createTempDirectory("stockpipe-test-pg");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server =
          EmbeddedServer.startForThisProcess(
              dataDirectory,
              freePort(),
              "stockpipe",
              Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
      database = Database.connect(server.jdbcUrl(), "postgres", "");
      database.migrate();
    }
    return database;
  }

  public static String jdbcUrl() {
    return get().jdbcUrl();
  }

  /**
   * Empties every table but Flyway's history, so each test starts from a migrated, empty schema.
   */
  public static void reset() {
    try (Connection connection = get().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      String tables;
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables"
                  + " WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'")) {
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
