package io.stockpipe.report;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * What one report wrote.
 *
 * @param html the self-contained page
 * @param csvFiles one CSV per table the page shows, beside it
 * @param bytes the page's size
 * @param charts the charts it draws
 * @param model the model it shows, or empty text when none has predicted yet
 */
public record ReportSummary(
    LocalDate date, Path html, List<Path> csvFiles, long bytes, int charts, String model) {
  public ReportSummary {
    csvFiles = List.copyOf(csvFiles);
  }
}
