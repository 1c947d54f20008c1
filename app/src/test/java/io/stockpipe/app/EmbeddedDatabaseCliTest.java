package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server as a user meets it: per-command, then kept running, then stopped. */
class EmbeddedDatabaseCliTest {

  @Test
  void commandsStartTheirOwnServerOrShareTheRunningOne(@TempDir Path home) {
    String[] where = {"--home", home.toString(), "--db-port", "" + TestDatabase.freePort()};

    Cli ownServer =
        Cli.run(concat(new String[] {"query", "SELECT count(*) AS n FROM price_bar"}, where));
    assertThat(ownServer.exitCode()).isZero();
    assertThat(ownServer.out()).contains(" n\n---\n 0\n");
    assertThat(Cli.run(concat(new String[] {"db", "status"}, where)).out()).contains("not running");

    Cli start = Cli.run(concat(new String[] {"db", "start"}, where));
    try {
      assertThat(start.out())
          .contains("started: jdbc:postgresql://localhost:", "psql -h localhost");
      assertThat(Cli.run(concat(new String[] {"db", "start"}, where)).out())
          .contains("already running");
      assertThat(Cli.run(concat(new String[] {"db", "status"}, where)).out())
          .contains("status:  running (pid ");
      Cli shared = Cli.run(concat(new String[] {"query", "SELECT 41 + 1 AS answer"}, where));
      assertThat(shared.out()).contains("42");
    } finally {
      assertThat(Cli.run(concat(new String[] {"db", "stop"}, where)).out()).contains("stopped");
    }
    assertThat(Cli.run(concat(new String[] {"db", "stop"}, where)).out()).contains("not running");
    assertThat(home.resolve("pgdata/PG_VERSION")).exists();
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
