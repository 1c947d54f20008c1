package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.scheduler.MarketFixture;
import io.stockpipe.spark.SparkSessions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scheduler nodes as separate processes on one embedded PostgreSQL: kill -9 the one running a
 * long step, and the other takes the chain over; the date completes exactly once.
 */
class NodeTakeoverTest {
  private static final String NEVER = "0 0 0 1 1 ? 2099";

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void theOtherNodeTakesOverTheStepOfAKilledNodeAndTheDateCompletesOnce() throws Exception {
    Path home = dir.resolve("home");
    int port = TestDatabase.freePort();
    List<Process> nodes = new ArrayList<>();
    try (Database database =
        Database.open(new DatabaseConfig(home.toAbsolutePath(), null, null, null, port))) {
      database.migrate();
      MarketFixture market = MarketFixture.prepare(database, dir, MarketFixture.LAST);
      QueryRunner sql = QueryRunner.asOwner(database.dataSource());
      try {
        for (int i = 0; i < 2; i++) {
          nodes.add(node(home, port, market.full(), dir.resolve("node-" + i + ".out")));
        }
        waitFor(
            Duration.ofMinutes(2),
            () ->
                count(
                        sql,
                        "SELECT count(*) FROM qrtz_scheduler_state"
                            + " WHERE sched_name = 'stockpipe-etl'")
                    == 2);

        Cli trigger =
            Cli.run(
                "scheduler",
                "trigger",
                "--date",
                MarketFixture.LAST.toString(),
                "--home",
                home.toString(),
                "--db-port",
                "" + port);
        assertThat(trigger.exitCode()).as(trigger.err()).isZero();

        waitFor(
            Duration.ofMinutes(2),
            () ->
                count(
                        sql,
                        "SELECT count(*) FROM job_run WHERE step = 'features'"
                            + " AND status = 'running'")
                    == 1);
        String runningNode =
            sql.run("SELECT node FROM job_run WHERE step = 'features' AND status = 'running'")
                .rows()
                .get(0)
                .get(0);
        long pid = Long.parseLong(runningNode.replace("node pid ", ""));
        Process killed = nodes.stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        waitFor(
            Duration.ofMinutes(3),
            () -> count(sql, "SELECT count(*) FROM job_chain WHERE status <> 'running'") == 1);

        assertThat(sql.run("SELECT business_date, status FROM job_chain").rows())
            .containsExactly(List.of(MarketFixture.LAST.toString(), "succeeded"));
        assertThat(
                sql.run(
                        "SELECT step, status, node = '"
                            + runningNode
                            + "' FROM job_run"
                            + " ORDER BY id")
                    .rows())
            .containsExactly(
                List.of("ingest", "succeeded", ingestNode(sql, runningNode)),
                List.of("features", "aborted", "t"),
                List.of("features", "succeeded", "f"),
                List.of("predict", "succeeded", "f"),
                List.of("score", "skipped", "f"),
                List.of("report", "succeeded", "f"));
        assertThat(
                count(
                    sql,
                    "SELECT count(*) FROM prediction WHERE as_of_date = '"
                        + MarketFixture.LAST
                        + "'"))
            .isEqualTo(15);

        Process survivor = nodes.stream().filter(p -> p.pid() != pid).findFirst().orElseThrow();
        survivor.destroy();
        assertThat(survivor.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(survivor.exitValue())
            .as(
                "SIGTERM ends a node with 0: %s",
                Files.readString(dir.resolve("node-" + nodes.indexOf(survivor) + ".out")))
            .isZero();
      } finally {
        for (Process node : nodes) {
          node.destroyForcibly();
        }
      }
    }
  }

  /** The ingest ran on whichever node took the chain first: maybe the one later killed. */
  private static String ingestNode(QueryRunner sql, String killedNode) {
    return sql.run("SELECT (node = '" + killedNode + "')::text FROM job_run WHERE step = 'ingest'")
            .rows()
            .get(0)
            .get(0)
            .startsWith("t")
        ? "t"
        : "f";
  }

  private static Process node(Path home, int port, Path source, Path output) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-opens"))
        .forEach(command::add);
    command.addAll(
        List.of(
            "-Xmx2g",
            "-cp",
            System.getProperty("java.class.path"),
            "-Dstockpipe.log.dir=" + home.resolve("logs"),
            Main.class.getName(),
            "scheduler",
            "start",
            "--home=" + home,
            "--db-port=" + port,
            "--source=csv:" + source,
            "--spark-master=local[2]",
            "--cron=" + NEVER,
            "--cluster-checkin-ms=1000"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static long count(QueryRunner sql, String query) {
    return Long.parseLong(sql.run(query).rows().get(0).get(0));
  }

  private static void waitFor(Duration limit, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done within " + limit);
      }
      Thread.sleep(100);
    }
  }
}
