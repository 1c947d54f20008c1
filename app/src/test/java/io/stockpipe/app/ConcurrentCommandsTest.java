package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.embedded.EmbeddedServer;
import io.stockpipe.db.embedded.ServerLease;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.ingest.sample.SampleDataGenerator;
import io.stockpipe.ingest.sample.SampleDataGenerator.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code stockpipe} processes started at once on one home share its embedded server. Seen
 * before: two ingests at once on a fresh home both failed ({@code could not lock …/epg-lock},
 * {@code Connection refused}), and on an initialised home one of two did.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentCommandsTest {
  private static final String CHECKSUM =
      "SELECT count(*) || ' ' || md5(string_agg(concat_ws(',', symbol, trade_date, open, high, low,"
          + " close, volume), ';' ORDER BY symbol, trade_date)) FROM price_bar";

  @Test
  void twoThenFourIngestsAtOnceAllSucceedAndLoadWhatOneRunLoads(
      Database reference, @TempDir Path dir) throws Exception {
    SampleData data =
        new SampleDataGenerator(5, 12, LocalDate.of(2023, 1, 2), LocalDate.of(2023, 6, 30))
            .write(dir.resolve("prices"), true);
    Cli single =
        Cli.run("ingest", "--db-url=" + TestDatabase.jdbcUrl(), "--source=csv:" + data.directory());
    assertThat(single.exitCode()).isZero();
    String expected =
        QueryRunner.asOwner(reference.dataSource()).run(CHECKSUM).rows().get(0).get(0);

    Path home = dir.resolve("home");
    int port = TestDatabase.freePort();
    for (int processes : new int[] {2, 4}) {
      List<Process> started = new ArrayList<>();
      for (int i = 0; i < processes; i++) {
        started.add(
            ingest(home, port, data.directory(), dir.resolve(processes + "-" + i + ".out")));
      }
      for (int i = 0; i < processes; i++) {
        Process process = started.get(i);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
            .as(
                "ingest %d of %d: %s",
                i + 1, processes, Files.readString(dir.resolve(processes + "-" + i + ".out")))
            .isZero();
      }
      // The last command out stopped the server nobody keeps.
      assertThat(EmbeddedServer.runningPid(ServerLease.dataDirectory(home))).isEmpty();
      try (Database shared =
          Database.open(new DatabaseConfig(home.toAbsolutePath(), null, null, null, port))) {
        assertThat(QueryRunner.asOwner(shared.dataSource()).run(CHECKSUM).rows().get(0).get(0))
            .isEqualTo(expected);
      }
    }
  }

  private static Process ingest(Path home, int port, Path source, Path output) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "-Dstockpipe.log.dir=" + home.resolve("logs"),
            Main.class.getName(),
            "ingest",
            "--home=" + home,
            "--db-port=" + port,
            "--source=csv:" + source)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }
}
