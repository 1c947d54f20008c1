package io.stockpipe.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as an analyst sees it: rendered by headless Chromium with no network, every chart
 * draws, no script fails, and nothing on the page points off the machine.
 */
class ReportBrowserTest {
  private static final Pattern ATTRIBUTE =
      Pattern.compile(
          "\\s(?:src|href)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)", Pattern.CASE_INSENSITIVE);

  @TempDir Path directory;

  @Test
  void everyChartDrawsWithNoErrorAndNothingOffTheMachine() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    ReportFixture fixture = ReportFixture.load();
    ReportSummary summary =
        new ReportService(TestDatabase.get()).write(fixture.lastDate, directory.resolve("out"));

    Path scratch = Files.createDirectories(directory.resolve("chromium"));
    String dom = chromium.renderedDom(summary.html(), scratch);

    // Long-short and drawdown, rank IC, deciles, stability, and one price chart per top-5 symbol.
    assertThat(summary.charts()).isEqualTo(10);
    assertThat(attribute(dom, "data-js-errors")).isEqualTo("[]");
    assertThat(attribute(dom, "data-report-ready")).isEqualTo("true");
    assertThat(attribute(dom, "data-charts-drawn")).isEqualTo(Integer.toString(summary.charts()));
    // Every chart holder holds a drawn chart (ECharts' SVG), not just the marker.
    assertThat(count(dom, "data-drawn=\"true\"")).isEqualTo(summary.charts());
    assertThat(count(dom, "<svg")).isGreaterThanOrEqualTo(summary.charts() + 40);
    assertThat(offMachine(Files.readString(summary.html()))).isEmpty();
    assertThat(offMachine(dom)).isEmpty();

    // For a person to look at: target/report-fixture.png.
    Path png = Path.of("target", "report-fixture.png");
    chromium.screenshot(summary.html(), png, 1280, 5200, scratch);
    assertThat(png).isNotEmptyFile();
  }

  @Test
  void aReportWithNothingToChartStillOpensCleanly() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    TestDatabase.reset();
    ReportSummary summary =
        new ReportService(TestDatabase.get())
            .write(java.time.LocalDate.of(2025, 6, 30), directory.resolve("empty"));
    String dom =
        chromium.renderedDom(summary.html(), Files.createDirectories(directory.resolve("c")));
    assertThat(summary.charts()).isZero();
    assertThat(attribute(dom, "data-js-errors")).isEqualTo("[]");
    assertThat(attribute(dom, "data-report-ready")).isEqualTo("true");
    assertThat(dom).contains("No model has predicted on or before this date yet.");
  }

  /** src and href values that leave the file: anything but a relative path, a fragment or data:. */
  static List<String> offMachine(String html) {
    List<String> found = new ArrayList<>();
    Matcher matcher = ATTRIBUTE.matcher(html);
    while (matcher.find()) {
      String value = matcher.group(1).replaceAll("^[\"']|[\"']$", "").trim();
      boolean local =
          value.startsWith("#")
              || value.startsWith("data:")
              || !(value.contains(":") || value.startsWith("//"));
      if (!local) {
        found.add(value);
      }
    }
    return found;
  }

  private static String attribute(String dom, String name) {
    Matcher matcher = Pattern.compile("<html[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    return matcher.find() ? matcher.group(1).replace("&quot;", "\"") : null;
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }
}
