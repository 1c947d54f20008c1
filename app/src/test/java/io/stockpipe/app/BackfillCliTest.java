package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code stockpipe backfill} and its subcommands as an operator meets them, without a scheduler
 * node: the dry run, refusals, the warning that nobody runs the units, list, show, cancel, resume
 * in this process.
 */
@ExtendWith(PostgresExtension.class)
class BackfillCliTest {
  private static final String DB = "--db-url=" + TestDatabase.jdbcUrl();

  @Test
  void aDryRunListsWhatWouldRunAndRecordsNothing(Database database) {
    Cli dry =
        Cli.run(
            "backfill", DB, "--from=2023-12-27", "--to=2023-12-29", "--unit-dates=2", "--dry-run");

    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("2023-12-27  features  none          1  run")
        .contains("2023-12-27  predict   none          2  skip: no active model")
        .contains("   4  features      1  2023-12-29")
        .contains("4 unit(s) to run, 2 recorded as skipped")
        .contains("dry run: nothing was recorded or changed");
    assertThat(
            QueryRunner.asOwner(database.dataSource()).run("SELECT count(*) FROM backfill").rows())
        .containsExactly(List.of("0"));
  }

  @Test
  void whatABackfillCannotDoIsRefusedWithExitTwoAndTheReason() {
    Cli noRange = Cli.run("backfill", DB);
    Cli symbols =
        Cli.run(
            "backfill", DB, "--from=2023-12-27", "--to=2023-12-29", "--symbols=AAPL", "--dry-run");
    Cli mode =
        Cli.run("backfill", DB, "--from=2023-12-27", "--to=2023-12-29", "--mode=some", "--dry-run");
    Cli unknown = Cli.run("backfill", "show", "42", DB);

    assertThat(noRange.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(noRange.err()).contains("error: backfill needs --from and --to");
    assertThat(symbols.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(symbols.err()).contains("--symbols is for --steps features alone");
    assertThat(mode.err()).contains("--mode must be missing, failed or all, was 'some'");
    assertThat(unknown.err()).contains("there is no backfill 42; see `stockpipe backfill list`");
  }

  @Test
  void withoutANodeTheUnitsWaitUntilCancelledOrResumedInThisProcess(Database database) {
    Cli submit = Cli.run("backfill", DB, "--from=2023-12-26", "--to=2023-12-29", "--steps=score");

    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(submit.out())
        .contains("backfill 1: 1 unit(s) handed to the scheduler nodes")
        .contains("warning: no live scheduler node runs etl units, so they wait")
        .contains("./stockpipe backfill resume 1 --here");
    assertThat(Cli.run("backfill", "list", DB).out())
        .contains("    1  queued     2023-12-26..2023-12-29  score");
    assertThat(Cli.run("backfill", "show", "1", DB).out())
        .contains("backfill 1: queued")
        .contains("nodes      none alive")
        .contains("   1  score     2023-12-26..2023-12-29      4  queued");

    Cli cancel = Cli.run("backfill", "cancel", "1", DB);
    Cli again = Cli.run("backfill", "cancel", "1", DB);

    assertThat(cancel.out())
        .contains("backfill 1 cancelled; ./stockpipe backfill resume 1 goes on");
    assertThat(again.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(again.err()).contains("backfill 1 has cancelled already; nothing to cancel");

    Cli resume = Cli.run("backfill", "resume", "1", DB, "--here");

    assertThat(resume.exitCode()).as(resume.out() + resume.err()).isZero();
    assertThat(resume.out()).contains("backfill 1 succeeded");
    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    assertThat(sql.run("SELECT seq, status, message FROM backfill_unit").rows())
        .containsExactly(
            List.of("1", "skipped", "no predictions with a target date in 2023-12-26..2023-12-29"));
    assertThat(sql.run("SELECT command, status FROM command_run ORDER BY id").rows())
        .containsExactly(
            List.of("stockpipe backfill", "succeeded"),
            List.of("stockpipe backfill cancel", "succeeded"),
            List.of("stockpipe backfill cancel", "failed"),
            List.of("stockpipe backfill resume", "succeeded"));
  }
}
