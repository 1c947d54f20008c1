package io.stockpipe.scheduler;

import io.stockpipe.db.Database;
import io.stockpipe.report.ReportService;
import io.stockpipe.report.ReportSummary;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** The chain's last step: writes the analysts' report of a business date. */
@FunctionalInterface
public interface ReportStep {
  StepResult write(LocalDate businessDate);

  /** For chains that write no report (tests of the other steps). */
  ReportStep NONE = date -> StepResult.skipped("no report is configured");

  /** The directory under {@code STOCKPIPE_HOME} that holds the dated reports and their index. */
  String REPORTS_DIRECTORY = "reports";

  /**
   * Writes {@code home/reports/YYYY-MM-DD/} and keeps {@code home/reports/index.html}. Rows do not
   * apply to a page: the message says where it is and what it holds.
   */
  static ReportStep dated(Database database, Path home) {
    Path root = home.resolve(REPORTS_DIRECTORY);
    return date -> {
      ReportSummary summary = new ReportService(database).writeDated(date, root);
      return StepResult.succeeded(
          -1,
          String.format(
              Locale.ROOT,
              "%s (%d charts, %.1f MB%s)",
              summary.html(),
              summary.charts(),
              summary.bytes() / 1e6,
              summary.model().isEmpty() ? ", no model has predicted yet" : ""));
    };
  }
}
