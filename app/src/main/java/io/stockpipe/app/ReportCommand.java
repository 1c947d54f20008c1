package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.report.ReportService;
import io.stockpipe.report.ReportSummary;
import io.stockpipe.scheduler.ReportStep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe report}: the analysts' report of a date, as the nightly writes it. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the analysts' report of a date: one self-contained HTML file (opens with no"
          + " network) and a CSV of every table it shows, from the report views.",
      "  ./stockpipe report --date 2018-02-07",
      "  ./stockpipe report --date 2018-02-07 --out /tmp/report"
    })
final class ReportCommand implements Runnable {
  @Mixin DatabaseOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      description = "the business date: its predictions for the next trading day")
  LocalDate date;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "write here; default $STOCKPIPE_HOME/reports/YYYY-MM-DD, listed in reports/index.html")
  Path out;

  @Override
  public void run() {
    PrintWriter printer = spec.commandLine().getOut();
    try (Database database = options.openMigrated()) {
      ReportService reports = new ReportService(database);
      ReportSummary summary =
          out == null
              ? reports.writeDated(
                  date, options.config().home().resolve(ReportStep.REPORTS_DIRECTORY))
              : reports.write(date, out);
      printer.printf(
          Locale.ROOT,
          "report of %s: %s (%d charts, %.1f MB)%n",
          date,
          summary.html().toAbsolutePath(),
          summary.charts(),
          summary.bytes() / 1e6);
      printer.println(
          summary.model().isEmpty()
              ? "  no model has predicted on or before " + date + " yet"
              : "  model " + summary.model());
      printer.printf("  %d CSV files beside it, one per table%n", summary.csvFiles().size());
      printer.flush();
    }
  }
}
