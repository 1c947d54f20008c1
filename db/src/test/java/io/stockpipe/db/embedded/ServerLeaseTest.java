package io.stockpipe.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands sharing one home's server: the last one out stops it, unless it is kept. */
class ServerLeaseTest {

  @Test
  void theServerStaysWhileAnyLeaseLivesAndStopsAfterTheLast(@TempDir Path home) throws Exception {
    int port = TestDatabase.freePort();
    Path data = ServerLease.dataDirectory(home);
    ServerLease first = ServerLease.acquire(home, port, "stockpipe", TestDatabase.FAST_UNSAFE);
    ServerLease second = ServerLease.acquire(home, port, "stockpipe", TestDatabase.FAST_UNSAFE);
    long pid = EmbeddedServer.runningPid(data).orElseThrow();

    assertThatThrownBy(() -> ServerLease.stop(home, false))
        .isInstanceOf(ServerLease.ServerInUseException.class)
        .hasMessageContaining("in use")
        .hasMessageContaining("--force");

    first.close();
    assertThat(EmbeddedServer.runningPid(data)).contains(pid);
    try (Connection connection =
            EmbeddedServerTest.login(port, "postgres", second.server().superuserPassword());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT 1")) {
      assertThat(row.next()).isTrue();
    }
    second.close();
    assertThat(EmbeddedServer.runningPid(data)).isEmpty();
  }

  @Test
  void aKeptServerOutlivesItsLastLeaseUntilStopped(@TempDir Path home) {
    int port = TestDatabase.freePort();
    Path data = ServerLease.dataDirectory(home);
    try (ServerLease lease =
        ServerLease.acquire(home, port, "stockpipe", TestDatabase.FAST_UNSAFE)) {
      ServerLease.keep(home);
      assertThat(lease.server().port()).isEqualTo(port);
    }
    assertThat(EmbeddedServer.isReady(data)).isTrue();
    assertThat(ServerLease.stop(home, false)).isTrue();
    assertThat(ServerLease.isKept(home)).isFalse();
    assertThat(EmbeddedServer.runningPid(data)).isEmpty();
  }

  @Test
  void forceStopsAServerInUse(@TempDir Path home) {
    int port = TestDatabase.freePort();
    ServerLease lease = ServerLease.acquire(home, port, "stockpipe", Map.of());
    assertThat(ServerLease.stop(home, true)).isTrue();
    assertThat(EmbeddedServer.runningPid(ServerLease.dataDirectory(home))).isEmpty();
    lease.close();
  }
}
