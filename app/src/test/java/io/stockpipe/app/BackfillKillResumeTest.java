package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.embedded.ServerCredentials;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof, on 60 symbols of the real prices in ../shared/data: a backfill of features,
 * predict and score over the last 20 trading dates, its scheduler node killed with -9 in the middle
 * of a unit, resumed and finished by a second node, leaves feature_row, label_row, prediction and
 * model_score_daily exactly as a clean run does (checksums of their ordered rows). Both runs start
 * from one database, copied (CREATE DATABASE … TEMPLATE), with the earlier features and a small
 * dense model trained before the range.
 */
@ExtendWith(PostgresExtension.class)
class BackfillKillResumeTest {
  private static final String FROM = "2018-01-10";
  private static final String TO = "2018-02-07";
  private static final String NEVER = "0 0 0 1 1 ? 2099";

  private static final Map<String, String> CHECKSUMS = new LinkedHashMap<>();

  static {
    CHECKSUMS.put(
        "feature_row",
        "SELECT count(*) || ' ' || md5(string_agg(concat_ws(',', feature_set_version, symbol,"
            + " trade_date, features::text), ';' ORDER BY feature_set_version, symbol, trade_date))"
            + " FROM feature_row");
    CHECKSUMS.put(
        "label_row",
        "SELECT count(*) || ' ' || md5(string_agg(concat_ws(',', symbol, trade_date,"
            + " next_return_1d, forward_return_5d), ';' ORDER BY symbol, trade_date)) FROM label_row");
    CHECKSUMS.put(
        "prediction",
        "SELECT count(*) || ' ' || md5(string_agg(concat_ws(',', model_id, symbol, as_of_date,"
            + " target_date, predicted_return, predicted_direction, probability_up, score,"
            + " cross_sectional_rank, symbols_ranked), ';' ORDER BY model_id, symbol, as_of_date))"
            + " FROM prediction");
    CHECKSUMS.put(
        "model_score_daily",
        "SELECT count(*) || ' ' || md5(string_agg(concat_ws(',', model_id, as_of_date,"
            + " target_date, symbols, ic, rank_ic, hit_rate, long_short_return), ';'"
            + " ORDER BY model_id, as_of_date)) FROM model_score_daily");
  }

  @TempDir Path dir;

  @Test
  void aBackfillKilledMidwayAndResumedLeavesEveryTableAsACleanRunDoes(Database admin)
      throws Exception {
    Path shared =
        Path.of(System.getProperty("stockpipe.shared.data", "../../shared/data")).resolve("prices");
    Assumptions.assumeTrue(Files.isDirectory(shared), "shared data not present: " + shared);
    for (String name : List.of("bf_setup", "bf_clean", "bf_killed")) {
      onServer(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
    onServer(admin, "CREATE DATABASE bf_setup");
    prepare(shared, url("bf_setup"));
    onServer(
        admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'bf_setup'");
    onServer(admin, "CREATE DATABASE bf_clean TEMPLATE bf_setup");
    onServer(admin, "CREATE DATABASE bf_killed TEMPLATE bf_setup");

    long started = System.nanoTime();
    // The clean run in this JVM, whose Spark session the set-up started.
    Cli clean =
        Cli.run(
            "backfill",
            "--db-url=" + url("bf_clean"),
            "--from=" + FROM,
            "--to=" + TO,
            "--unit-dates=5",
            "--spark-master=local[2]",
            "--here");
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out()).contains("backfill 1 succeeded");
    System.out.printf("clean run %.0f s%n", (System.nanoTime() - started) / 1e9);

    try (Database killedDb =
            Database.connect(
                url("bf_killed"), ServerCredentials.SUPERUSER, TestDatabase.password());
        Database cleanDb =
            Database.connect(
                url("bf_clean"), ServerCredentials.SUPERUSER, TestDatabase.password())) {
      QueryRunner sql = QueryRunner.asOwner(killedDb.dataSource());
      List<Process> nodes = new ArrayList<>();
      try {
        nodes.add(node("node-1"));
        waitFor(
            Duration.ofMinutes(2),
            () -> count(sql, "SELECT count(*) FROM qrtz_scheduler_state") == 2);
        Cli submit =
            Cli.run(
                "backfill",
                "--db-url=" + url("bf_killed"),
                "--from=" + FROM,
                "--to=" + TO,
                "--unit-dates=5");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        assertThat(submit.out()).contains("backfill 1: 12 unit(s) handed to the scheduler nodes");

        // Kill the node half a second into the second block's features (a Spark job).
        waitFor(
            Duration.ofMinutes(3),
            () ->
                count(
                        sql,
                        "SELECT count(*) FROM job_run WHERE step = 'features' AND status ="
                            + " 'running' AND business_date = '2018-01-18'")
                    == 1);
        Thread.sleep(500);
        nodes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(
                sql.run("SELECT seq, status FROM backfill_unit WHERE seq <= 4 ORDER BY seq").rows())
            .as("the kill must land in unit 4: %s", output("node-1"))
            .containsExactly(
                List.of("1", "succeeded"),
                List.of("2", "succeeded"),
                List.of("3", "succeeded"),
                List.of("4", "running"));

        Cli resume = Cli.run("backfill", "resume", "1", "--db-url=" + url("bf_killed"));
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        assertThat(resume.out()).contains("backfill 1: 9 unit(s) handed to the scheduler nodes");
        System.out.printf("killed and resumed at %.0f s%n", (System.nanoTime() - started) / 1e9);
        nodes.add(node("node-2"));
        waitFor(
            Duration.ofMinutes(3),
            () ->
                count(sql, "SELECT count(*) FROM backfill WHERE status IN ('queued', 'running')")
                    == 0);
      } finally {
        for (Process node : nodes) {
          node.destroyForcibly();
        }
      }

      System.out.printf("resumed run ended at %.0f s%n", (System.nanoTime() - started) / 1e9);
      assertThat(sql.run("SELECT status FROM backfill").rows())
          .as(output("node-2"))
          .containsExactly(List.of("succeeded"));
      assertThat(
              sql.run(
                      "SELECT step, business_date, status FROM job_run"
                          + " WHERE status NOT IN ('succeeded', 'skipped')")
                  .rows())
          .containsExactly(List.of("features", "2018-01-18", "aborted"));
      Cli show = Cli.run("backfill", "show", "1", "--db-url=" + url("bf_killed"));
      assertThat(show.out())
          .contains("backfill 1: succeeded")
          .contains("units      12 of 12 done (60 of 60 dates), 0 failed");
      QueryRunner reference = QueryRunner.asOwner(cleanDb.dataSource());
      assertThat(
              reference
                  .run(
                      "SELECT count(DISTINCT as_of_date), (SELECT count(*) FROM model_score_daily)"
                          + " FROM prediction")
                  .rows())
          .containsExactly(List.of("20", "19"));
      for (Map.Entry<String, String> checksum : CHECKSUMS.entrySet()) {
        assertThat(sql.run(checksum.getValue()).rows())
            .as(checksum.getKey())
            .isEqualTo(reference.run(checksum.getValue()).rows());
      }
    }
  }

  /** 60 symbols ingested, their features up to the range, a dense model trained before it. */
  private void prepare(Path shared, String url) throws Exception {
    long started = System.nanoTime();
    Path prices = Files.createDirectories(dir.resolve("prices"));
    try (Stream<Path> files = Files.list(shared)) {
      for (Path file : files.sorted().limit(60).toList()) {
        Files.copy(file, prices.resolve(file.getFileName()));
      }
    }
    String db = "--db-url=" + url;
    for (String[] command :
        new String[][] {
          {"db", "migrate", db},
          {"ingest", db, "--source=csv:" + prices},
          {"features", db, "--from=2017-06-01", "--to=2018-01-09", "--spark-master=local[2]"},
          {
            "train",
            db,
            "--model=dense",
            "--from=2016-07-01",
            "--to=2017-12-29",
            "--hidden=16",
            "--epochs=3"
          },
          {"model", "promote", "1", db}
        }) {
      Cli run = Cli.run(command);
      assertThat(run.exitCode()).as("%s: %s %s", command[0], run.out(), run.err()).isZero();
    }
    System.out.printf("set-up %.0f s%n", (System.nanoTime() - started) / 1e9);
  }

  private Process node(String name) throws Exception {
    return stockpipe(
        name,
        "scheduler",
        "start",
        "--db-url=" + url("bf_killed"),
        "--cron=" + NEVER,
        "--cluster-checkin-ms=1000");
  }

  private Process stockpipe(String name, String... arguments) throws Exception {
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
            "-Dstockpipe.log.dir=" + dir.resolve("logs-" + name),
            Main.class.getName()));
    command.addAll(List.of(arguments));
    command.add("--spark-master=local[2]");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .start();
  }

  private String output(String name) {
    try {
      return Files.readString(dir.resolve(name + ".out"));
    } catch (java.io.IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Statements that cannot run in a transaction (CREATE DATABASE), on the test server. */
  private static void onServer(Database admin, String sql) throws java.sql.SQLException {
    try (java.sql.Connection connection = admin.dataSource().getConnection();
        java.sql.Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute(sql);
    }
  }

  private static String url(String database) {
    return TestDatabase.jdbcUrl().replace("/stockpipe?", "/" + database + "?");
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
      Thread.sleep(50);
    }
  }
}
