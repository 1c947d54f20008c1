package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.ResultFormatter;
import io.stockpipe.scheduler.status.ClusterStatus;
import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe status} and {@code stockpipe runs}: what the batch backbone did and does. */
final class StatusCommand {
  private StatusCommand() {}

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Scheduler nodes alive and their roles, the nightly's next fire, the last chain of each"
              + " date, and failures with what to run to retry them.")
  static final class Status implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try (Database database = options.openMigrated()) {
        out.println("database: " + options.config());
        out.println();
        out.print(new ClusterStatus(database.dataSource()).report());
        out.flush();
      }
    }
  }

  @Command(
      name = "runs",
      mixinStandardHelpOptions = true,
      description = {
        "The step runs of the job audit (job_run), newest first.",
        "  ./stockpipe runs --date 2018-02-07",
        "  ./stockpipe runs --failed"
      })
  static final class Runs implements Runnable {
    @Mixin DatabaseOptions options;
    @Spec CommandSpec spec;

    @Option(
        names = "--date",
        paramLabel = "YYYY-MM-DD",
        description = "runs that covered this date")
    LocalDate date;

    @Option(names = "--failed", description = "only failed and aborted runs")
    boolean failed;

    @Option(names = "--backfill", paramLabel = "ID", description = "only this backfill's runs")
    Long backfill;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "at most this many; default ${DEFAULT-VALUE}")
    int limit;

    @Override
    public void run() {
      try (Database database = options.openMigrated()) {
        spec.commandLine()
            .getOut()
            .print(
                ResultFormatter.table(
                    new ClusterStatus(database.dataSource()).runs(date, failed, backfill, limit)));
        spec.commandLine().getOut().flush();
      }
    }
  }
}
