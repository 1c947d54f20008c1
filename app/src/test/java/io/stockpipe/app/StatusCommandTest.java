package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code run}, {@code status} and {@code runs} as an operator meets them. */
@ExtendWith(PostgresExtension.class)
class StatusCommandTest {
  private static final String DB = "--db-url=" + TestDatabase.jdbcUrl();

  @Test
  void aForegroundChainIsAuditedAndStatusAndRunsShowItWithWhatToRetry(Database database) {
    Cli run = Cli.run("run", "--date", "2024-01-02", "--steps", "report,score", DB);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("chain 1 for 2024-01-02: [score, report]")
        .contains("score 2024-01-02: skipped")
        .contains("no predictions with a target date in 2024-01-02");

    QueryRunner.asOwner(database.dataSource())
        .run(
            "INSERT INTO job_run (step, business_date, date_to, node, status, message,"
                + " triggered_by, finished_at) VALUES ('features', '2024-01-03', '2024-01-03',"
                + " 'node pid 1', 'failed', 'price_bar unreachable', 'schedule', now())");

    Cli status = Cli.run("status", DB);
    assertThat(status.exitCode()).isZero();
    assertThat(status.out())
        .contains("no node has started yet: ./stockpipe scheduler start")
        .contains("last chain per date:")
        .containsPattern("2024-01-02 \\|\\s+1 \\| succeeded \\| operator")
        .contains("failures not yet retried:")
        .contains("price_bar unreachable")
        .contains("./stockpipe run --date 2024-01-03 --steps features");

    Cli runs = Cli.run("runs", "--date", "2024-01-02", DB);
    assertThat(runs.out()).contains("score", "report", "(2 rows)").doesNotContain("features");
    assertThat(Cli.run("runs", "--failed", DB).out()).contains("price_bar unreachable", "(1 row)");
  }
}
