package io.stockpipe.report;

import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.report.analysis.ReportTables;
import io.stockpipe.report.data.ReportData;
import io.stockpipe.report.data.ReportReader;
import io.stockpipe.report.data.ShownModel;
import io.stockpipe.report.html.ReportPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * Writes the analysts' report of a business date: {@code report.html} and a CSV of each table it
 * shows, into a directory; the nightly form also keeps {@code reports/index.html}. Reads only the
 * report views. A rerun replaces the files (each is written aside and moved into place), so the
 * step is idempotent and a reader never sees half a page. Thread-safe (it holds only the database);
 * two writers of the same directory at once leave one writer's complete files.
 */
public final class ReportService {
  /** The page's name in its directory. */
  public static final String PAGE = "report.html";

  /** The most a page may weigh: above it a report is slow to open and to mail, and a bug. */
  public static final long MAX_BYTES = 5L * 1024 * 1024;

  private final Database database;

  public ReportService(Database database) {
    this.database = database;
  }

  /** Writes the report of {@code date} into {@code directory}, created if missing. */
  public ReportSummary write(LocalDate date, Path directory) {
    ReportData data = new ReportReader(database).read(date);
    ReportTables tables = ReportTables.of(data);
    Map<String, Table> csv = csvTables(data, tables);
    List<String> csvNames = new ArrayList<>(csv.keySet());
    ReportPage.Rendered page = ReportPage.render(data, tables, csvNames);
    byte[] html = page.html().getBytes(StandardCharsets.UTF_8);
    if (html.length > MAX_BYTES) {
      throw new PipelineException(
          "the report of "
              + date
              + " came to "
              + html.length
              + " bytes, above the "
              + MAX_BYTES
              + " a report may have; this is a bug: report it with the date");
    }
    try {
      Files.createDirectories(directory);
      List<Path> written = new ArrayList<>();
      for (Map.Entry<String, Table> entry : csv.entrySet()) {
        Path file = directory.resolve(entry.getKey());
        Path aside = aside(file);
        entry.getValue().write().csv(aside.toFile());
        moveIntoPlace(aside, file);
        written.add(file);
      }
      Path pageFile = directory.resolve(PAGE);
      Path aside = aside(pageFile);
      Files.write(aside, html);
      moveIntoPlace(aside, pageFile);
      return new ReportSummary(
          date,
          pageFile,
          written,
          html.length,
          page.charts(),
          data.model().map(ShownModel::name).orElse(""));
    } catch (IOException e) {
      throw new BadInputException(
          "cannot write the report into " + directory + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new BadInputException(
          "cannot write the report into " + directory + ": " + e.getCause().getMessage(), e);
    }
  }

  /**
   * The nightly form: writes into {@code reportsRoot/YYYY-MM-DD/} and rewrites {@code
   * reportsRoot/index.html}, which lists every dated report there, newest first.
   */
  public ReportSummary writeDated(LocalDate date, Path reportsRoot) {
    ReportSummary summary = write(date, reportsRoot.resolve(date.toString()));
    ReportIndex.write(reportsRoot);
    return summary;
  }

  /** What each CSV holds, by file name, in the page's order. */
  private static Map<String, Table> csvTables(ReportData data, ReportTables tables) {
    Map<String, Table> csv = new LinkedHashMap<>();
    csv.put("top_20.csv", tables.top());
    csv.put("bottom_20.csv", tables.bottom());
    csv.put("predictions.csv", data.predictions());
    csv.put("long_short.csv", tables.longShort());
    csv.put("rank_ic_daily.csv", data.scorecard());
    csv.put("ic_summary.csv", tables.icSummary());
    csv.put("deciles.csv", tables.deciles());
    csv.put("turnover_autocorrelation.csv", tables.stability());
    csv.put("prices_60d.csv", data.prices());
    csv.put("provenance.csv", tables.provenance());
    csv.put("data_quality.csv", data.dataQuality());
    csv.put("job_runs.csv", data.jobRuns());
    return csv;
  }

  private static Path aside(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".partial");
  }

  static void moveIntoPlace(Path aside, Path file) throws IOException {
    try {
      Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
