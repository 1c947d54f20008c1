package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.runs.RunLock;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every batch command is a {@code command_run} row, and a run of any kind left "running" by a dead
 * process is marked aborted when the next command starts; one whose process lives is left alone.
 */
@ExtendWith(PostgresExtension.class)
class RunAuditTest {

  @Test
  void deadRunsOfEveryKindAreAbortedAtStartUpAndLiveOnesAreNot(Database database) throws Exception {
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    sql.run(
        "INSERT INTO command_run (command, arguments) VALUES ('stockpipe train', 'dead'),"
            + " ('stockpipe features', 'alive')");
    sql.run("INSERT INTO ingest_run (source) VALUES ('csv:dead')");
    try (Connection alive = database.dataSource().getConnection()) {
      RunLock.COMMAND.lock(alive, 2);

      assertThat(Cli.run("model", "list", "--db-url=" + TestDatabase.jdbcUrl()).exitCode())
          .isZero();

      assertThat(sql.run("SELECT id, status, message FROM command_run ORDER BY id").rows())
          .containsExactly(
              List.of(
                  "1", "aborted", "the process died before finishing; what it committed is kept"),
              java.util.Arrays.asList("2", "running", null));
      assertThat(sql.run("SELECT status FROM ingest_run").rows())
          .containsExactly(List.of("aborted"));
      // The pool keeps the session: a lock left on it would hang the next test's command_run 2.
      RunLock.COMMAND.unlock(alive, 2);
    }
  }

  @Test
  void aBatchCommandRecordsHowItEnded() {
    Cli failed = Cli.run("predict", "--date=2024-01-02", "--db-url=" + TestDatabase.jdbcUrl());
    assertThat(failed.exitCode()).isNotZero();
    List<List<String>> runs =
        QueryRunner.asOwner(TestDatabase.get().dataSource())
            .run("SELECT command, arguments, status, message, pid IS NOT NULL FROM command_run")
            .rows();
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get(0)).isEqualTo("stockpipe predict");
    assertThat(runs.get(0).get(1))
        .contains("--date=2024-01-02")
        .doesNotContain(TestDatabase.password());
    assertThat(runs.get(0).get(2)).isEqualTo("failed");
    assertThat(failed.err()).isEqualTo("error: " + runs.get(0).get(3) + "\n");
  }
}
