package io.stockpipe.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.errors.DatabaseUnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServerTest {

  @Test
  void theProductsServerIsDurableNeedsPasswordsAndOutlivesItsStarter(@TempDir Path home)
      throws Exception {
    int port = TestDatabase.freePort();
    Path data = home.resolve("pgdata");
    ServerCredentials credentials = ServerCredentials.readOrCreate(home);
    EmbeddedServer server =
        EmbeddedServer.start(
            data, port, "stockpipe", credentials, home.resolve("logs/postgres.log"), Map.of());
    try {
      assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + port + "/stockpipe");
      try (Connection connection = login(port, "postgres", credentials.superuserPassword())) {
        assertThat(settings(connection, "fsync", "synchronous_commit", "full_page_writes"))
            .containsExactly(
                Map.entry("fsync", "on"),
                Map.entry("synchronous_commit", "on"),
                Map.entry("full_page_writes", "on"));
      }
      // zonky's start-up passed -F (fsync off); the postmaster's command line must not.
      assertThat(Files.readString(data.resolve("postmaster.opts")))
          .doesNotContain(" -F")
          .contains("fsync=on");

      assertThatThrownBy(() -> login(port, "postgres", ""))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(() -> login(port, "postgres", "guess"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
      assertThat(Files.readString(data.resolve("pg_hba.conf")))
          .containsPattern("host\\s+all\\s+all\\s+127.0.0.1/32\\s+scram-sha-256")
          .doesNotContainPattern("(?m)^[^#].*\\strust\\s*$");

      Path pgpass = ServerCredentials.fileIn(home);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pgpass)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(pgpass))
          .contains("localhost:*:*:postgres:" + credentials.superuserPassword());
      assertThat(ServerCredentials.read(home)).contains(credentials);

      assertThat(EmbeddedServer.isReady(data)).isTrue();
      assertThat(EmbeddedServer.runningPort(data)).hasValue(port);
    } finally {
      assertThat(EmbeddedServer.stop(data, Duration.ofSeconds(30))).isTrue();
    }
    assertThat(EmbeddedServer.isReady(data)).isFalse();
    assertThat(EmbeddedServer.stop(data, Duration.ofSeconds(5))).isFalse();
    // The data directory survives the stop, ready for the next start.
    assertThat(data.resolve("PG_VERSION")).exists();
  }

  @Test
  void aPortTakenByAnotherProcessIsNamedWithItsCause(@TempDir Path home) throws Exception {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = squatter.getLocalPort();
      assertThatThrownBy(
              () ->
                  EmbeddedServer.start(
                      home.resolve("pgdata"),
                      port,
                      "stockpipe",
                      ServerCredentials.readOrCreate(home),
                      home.resolve("postgres.log"),
                      Map.of()))
          .isInstanceOf(DatabaseUnavailableException.class)
          .hasMessageContaining("port " + port + " on localhost is already in use")
          .hasMessageContaining("STOCKPIPE_DB_PORT");
    }
  }

  /**
   * Seen before: an ingest reported success, the postmaster was killed right after, and its rows
   * were gone (zonky's start-up runs with synchronous_commit off, so a commit returned before its
   * WAL was written). Acknowledged commits now survive a kill -9 of the server.
   */
  @Test
  void commitsAcknowledgedBeforeAKillOfThePostmasterSurviveIt(@TempDir Path home) throws Exception {
    int port = TestDatabase.freePort();
    Path data = home.resolve("pgdata");
    ServerCredentials credentials = ServerCredentials.readOrCreate(home);
    Path log = home.resolve("postgres.log");
    EmbeddedServer.start(data, port, "stockpipe", credentials, log, Map.of());
    try (Connection connection = login(port, "postgres", credentials.superuserPassword());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE acknowledged (n int)");
      for (int n = 1; n <= 50; n++) {
        statement.execute("INSERT INTO acknowledged VALUES (" + n + ")");
      }
    }
    long pid = EmbeddedServer.runningPid(data).orElseThrow();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    ProcessHandle.of(pid).ifPresent(process -> process.onExit().join());

    EmbeddedServer restarted =
        EmbeddedServer.start(data, port, "stockpipe", credentials, log, Map.of());
    try (Connection connection = login(port, "postgres", credentials.superuserPassword());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM acknowledged")) {
      row.next();
      assertThat(row.getInt(1)).isEqualTo(50);
    } finally {
      restarted.close();
    }
  }

  /** A home made by the old code (zonky: initdb -A trust) keeps its data and gets passwords. */
  @Test
  void aDataDirectoryThatTrustedEveryLoginIsGivenPasswords(@TempDir Path home) throws Exception {
    int port = TestDatabase.freePort();
    Path data = home.resolve("pgdata");
    try (EmbeddedPostgres legacy =
            EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        Connection connection = legacy.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE stockpipe");
    }
    assertThat(Files.readString(data.resolve("pg_hba.conf"))).containsPattern("(?m)^[^#].*trust$");

    ServerCredentials credentials = ServerCredentials.readOrCreate(home);
    EmbeddedServer server =
        EmbeddedServer.start(
            data, port, "stockpipe", credentials, home.resolve("postgres.log"), Map.of());
    try {
      try (Connection connection = login(port, "postgres", credentials.superuserPassword())) {
        assertThat(connection.isValid(2)).isTrue();
      }
      assertThatThrownBy(() -> login(port, "postgres", "guess"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
    } finally {
      server.close();
    }
  }

  static Connection login(int port, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/stockpipe", properties);
  }

  private static Map<String, String> settings(Connection connection, String... names)
      throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (String name : names) {
        try (ResultSet row = statement.executeQuery("SHOW " + name)) {
          row.next();
          values.put(name, row.getString(1));
        }
      }
    }
    return values;
  }
}
