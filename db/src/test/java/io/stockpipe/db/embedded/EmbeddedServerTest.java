package io.stockpipe.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServerTest {

  @Test
  void aDetachedServerKeepsRunningUntilStoppedAndKeepsItsData(@TempDir Path home) {
    int port = TestDatabase.freePort();
    Path data = home.resolve("pgdata");
    String url = EmbeddedServer.startDetached(data, port, "stockpipe", home.resolve("pg.log"));
    try {
      assertThat(url).isEqualTo("jdbc:postgresql://localhost:" + port + "/stockpipe?user=postgres");
      assertThat(EmbeddedServer.isAnswering(url, "postgres")).isTrue();
      assertThat(EmbeddedServer.runningPid(data)).isPresent();
    } finally {
      assertThat(EmbeddedServer.stopRunning(data, Duration.ofSeconds(30))).isTrue();
    }
    assertThat(EmbeddedServer.isAnswering(url, "postgres")).isFalse();
    assertThat(EmbeddedServer.stopRunning(data, Duration.ofSeconds(5))).isFalse();

    // The data directory survives the stop, ready for the next start.
    assertThat(data.resolve("PG_VERSION")).exists();
  }
}
