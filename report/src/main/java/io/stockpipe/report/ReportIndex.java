package io.stockpipe.report;

import io.stockpipe.errors.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code reports/index.html}: a link to every dated report under the reports directory, newest
 * first. Rebuilt from the directories each time, so it never lists a report that is not there.
 */
final class ReportIndex {
  static final String FILE = "index.html";

  private ReportIndex() {}

  static void write(Path reportsRoot) {
    try {
      List<LocalDate> dates = new ArrayList<>();
      try (Stream<Path> entries = Files.list(reportsRoot)) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          if (Files.isRegularFile(entry.resolve(ReportService.PAGE))) {
            try {
              dates.add(LocalDate.parse(entry.getFileName().toString()));
            } catch (DateTimeParseException notADatedReport) {
              // Another directory an operator keeps here: not a report, not listed.
            }
          }
        }
      }
      dates.sort(Comparator.reverseOrder());
      StringBuilder html =
          new StringBuilder(
                  "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                      + " style-src 'unsafe-inline'\">\n<title>stockpipe reports</title>\n"
                      + "<style>body{font:14px/1.5 system-ui,sans-serif;margin:24px auto;"
                      + "max-width:720px;padding:0 16px}li{margin:2px 0}</style>\n</head>\n<body>\n"
                      + "<h1>stockpipe reports</h1>\n<p>")
              .append(dates.size())
              .append(" dated reports, newest first.</p>\n<ul>\n");
      for (LocalDate date : dates) {
        html.append("<li><a href=\"")
            .append(date)
            .append('/')
            .append(ReportService.PAGE)
            .append("\">")
            .append(date)
            .append(" (")
            .append(date.getDayOfWeek().toString().charAt(0))
            .append(date.getDayOfWeek().toString().substring(1, 3).toLowerCase())
            .append(")</a></li>\n");
      }
      html.append("</ul>\n</body>\n</html>\n");
      Path index = reportsRoot.resolve(FILE);
      Path aside = reportsRoot.resolve("." + FILE + ".partial");
      Files.writeString(aside, html, StandardCharsets.UTF_8);
      ReportService.moveIntoPlace(aside, index);
    } catch (IOException e) {
      throw new BadInputException(
          "cannot write the report index in " + reportsRoot + ": " + e.getMessage(), e);
    }
  }
}
