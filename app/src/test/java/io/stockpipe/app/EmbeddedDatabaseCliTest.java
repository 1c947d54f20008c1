package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.embedded.EmbeddedServer;
import io.stockpipe.db.embedded.ServerCredentials;
import io.stockpipe.db.embedded.ServerLease;
import io.stockpipe.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server as a user meets it: per-command, then kept running, then stopped. */
class EmbeddedDatabaseCliTest {

  @Test
  void commandsStartTheirOwnServerOrShareTheRunningOne(@TempDir Path home) {
    String[] where = {"--home", home.toString(), "--db-port", "" + TestDatabase.freePort()};

    Cli ownServer = Cli.run(concat(where, "query", "SELECT count(*) AS n FROM price_bar"));
    assertThat(ownServer.exitCode()).isZero();
    assertThat(ownServer.out()).contains(" n\n---\n 0\n");
    assertThat(Cli.run(concat(where, "db", "status")).out()).contains("not running");

    Cli start = Cli.run(concat(where, "db", "start"));
    try {
      assertThat(start.out())
          .contains(
              "started: jdbc:postgresql://localhost:",
              "PGPASSFILE=" + home.resolve("pgpass") + " psql -h localhost");
      assertThat(Cli.run(concat(where, "db", "start")).out()).contains("running: jdbc");
      assertThat(Cli.run(concat(where, "db", "status")).out())
          .contains("status:  running (pid ", "kept up by 'db start'");
      Cli shared = Cli.run(concat(where, "query", "SELECT 41 + 1 AS answer"));
      assertThat(shared.out()).contains("42");
    } finally {
      assertThat(Cli.run(concat(where, "db", "stop")).out()).contains("stopped");
    }
    assertThat(Cli.run(concat(where, "db", "stop")).out()).contains("not running");
    assertThat(home.resolve("pgdata/PG_VERSION")).exists();
  }

  @Test
  void dbStopWhileACommandUsesTheServerSaysSoAndAsksForForce(@TempDir Path home) {
    int port = TestDatabase.freePort();
    String[] where = {"--home", home.toString(), "--db-port", "" + port};
    try (ServerLease running =
        ServerLease.acquire(home, port, "stockpipe", TestDatabase.FAST_UNSAFE)) {
      Cli refused = Cli.run(concat(where, "db", "stop"));
      assertThat(refused.exitCode()).isEqualTo(Main.EXIT_FAILED);
      assertThat(refused.err()).contains("in use by", "--force");
      assertThat(EmbeddedServer.isReady(ServerLease.dataDirectory(home))).isTrue();

      Cli forced = Cli.run(concat(where, "db", "stop", "--force"));
      assertThat(forced.out()).contains("stopped");
      assertThat(running.server().port()).isEqualTo(port);
    }
    assertThat(EmbeddedServer.runningPid(ServerLease.dataDirectory(home))).isEmpty();
  }

  /**
   * Each of these ran with exit 0 under the old {@code --read-only} (SET TRANSACTION READ ONLY,
   * then the raw string, as the superuser).
   */
  @Test
  void readOnlyQueriesCannotWriteReadServerFilesRunProgramsOrEndSessions(@TempDir Path home)
      throws Exception {
    int port = TestDatabase.freePort();
    String[] where = {"--home", home.toString(), "--db-port", "" + port};
    assertThat(Cli.run(concat(where, "db", "start")).exitCode()).isZero();
    try {
      Cli.run(concat(where, "query", "INSERT INTO symbol (ticker) VALUES ('KEEP')"));

      Cli several = readOnly(where, "commit; delete from symbol");
      assertThat(several.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
      assertThat(several.err()).contains("exactly one statement");

      Path written = home.resolve("written.csv");
      assertThat(readOnly(where, "copy symbol to '" + written + "'").exitCode())
          .isEqualTo(Main.EXIT_BAD_INPUT);
      assertThat(written).doesNotExist();

      Path ran = home.resolve("ran");
      assertThat(readOnly(where, "copy (select 1) to program 'touch " + ran + "'").exitCode())
          .isEqualTo(Main.EXIT_BAD_INPUT);
      assertThat(ran).doesNotExist();

      Cli file = readOnly(where, "select pg_read_file('/etc/passwd')");
      assertThat(file.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
      assertThat(file.out()).doesNotContain("root:");
      assertThat(file.err()).contains("permission denied");

      try (Connection other = superuser(home, port);
          Statement statement = other.createStatement()) {
        long pid;
        try (ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
          row.next();
          pid = row.getLong(1);
        }
        Cli terminate = readOnly(where, "select pg_terminate_backend(" + pid + ")");
        assertThat(terminate.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(terminate.err()).contains("permission denied");
        try (ResultSet alive = statement.executeQuery("SELECT 1")) {
          assertThat(alive.next()).isTrue();
        }
      }

      Cli read = readOnly(where, "SELECT current_user AS who, count(*) AS n FROM symbol");
      assertThat(read.exitCode()).isZero();
      assertThat(read.out()).contains("stockpipe_reader", " 1");
    } finally {
      Cli.run(concat(where, "db", "stop", "--force"));
    }
  }

  private static Cli readOnly(String[] where, String sql) {
    return Cli.run(concat(where, "query", "--read-only", sql));
  }

  private static Connection superuser(Path home, int port) throws Exception {
    Map<String, String> passwords = ServerCredentials.read(home).orElseThrow().passwords();
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    properties.setProperty("password", passwords.get("postgres"));
    assertThat(Files.readString(home.resolve("pgpass"))).contains(passwords.get("postgres"));
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/stockpipe", properties);
  }

  private static String[] concat(String[] where, String... command) {
    String[] all = Arrays.copyOf(command, command.length + where.length);
    System.arraycopy(where, 0, all, command.length, where.length);
    return all;
  }
}
