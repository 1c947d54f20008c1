package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.ingest.sample.SampleDataGenerator;
import io.stockpipe.ingest.sample.SampleDataGenerator.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code stockpipe ingest} process in the middle of its load, then a
 * rerun: no file is half loaded after the kill, and the rerun ends with every row exactly once.
 */
@ExtendWith(PostgresExtension.class)
class CrashRecoveryTest {

  @Test
  void aKilledIngestLeavesWholeFilesOnlyAndTheRerunCompletesIt(Database database, @TempDir Path dir)
      throws Exception {
    SampleData data =
        new SampleDataGenerator(11, 400, LocalDate.of(2021, 1, 4), LocalDate.of(2023, 12, 29))
            .write(dir.resolve("prices"), false);
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());

    Process ingest =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dstockpipe.log.dir=" + dir.resolve("logs"),
                Main.class.getName(),
                "ingest",
                "--db-url=" + TestDatabase.jdbcUrl(),
                "--batch-rows=3000",
                "--source=csv:" + data.directory())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ingest.out").toFile())
            .start();
    long loaded = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (loaded == 0 && ingest.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
      loaded = count(sql, "SELECT count(*) FROM price_bar");
    }
    ingest.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    long afterKill = count(sql, "SELECT count(*) FROM price_bar");
    assertThat(afterKill)
        .as("the kill must land mid-run: %s", Files.readString(dir.resolve("ingest.out")))
        .isPositive()
        .isLessThan(data.validRows());
    Map<String, Long> perFile = rowsPerFile(data.directory());
    for (List<String> row :
        sql.run("SELECT symbol, count(*) FROM price_bar GROUP BY symbol").rows()) {
      assertThat(Long.parseLong(row.get(1)))
          .as("bars of %s", row.get(0))
          .isEqualTo(perFile.get(row.get(0)));
    }
    assertThat(sql.run("SELECT status FROM ingest_run").rows()).containsExactly(List.of("running"));

    Cli rerun =
        Cli.run("ingest", "--db-url=" + TestDatabase.jdbcUrl(), "--source=csv:" + data.directory());

    assertThat(rerun.exitCode()).isZero();
    assertThat(count(sql, "SELECT count(*) FROM price_bar")).isEqualTo(data.validRows());
    assertThat(count(sql, "SELECT count(DISTINCT (symbol, trade_date)) FROM price_bar"))
        .isEqualTo(data.validRows());
    assertThat(count(sql, "SELECT rows_changed FROM ingest_run WHERE id = 2"))
        .isEqualTo(data.validRows() - afterKill);
    assertThat(sql.run("SELECT status FROM ingest_run ORDER BY id").rows())
        .containsExactly(List.of("aborted"), List.of("succeeded"));
  }

  private static long count(QueryRunner sql, String query) {
    return Long.parseLong(sql.run(query).rows().get(0).get(0));
  }

  private static Map<String, Long> rowsPerFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.collect(
          Collectors.toMap(
              file -> file.getFileName().toString().replace(".csv", ""),
              file -> {
                try (Stream<String> lines = Files.lines(file)) {
                  return lines.count() - 1;
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
    }
  }
}
