package io.stockpipe.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** What the report writes, and that writing it again changes nothing. */
class ReportServiceTest {
  @TempDir Path directory;

  @Test
  void writesThePageAndACsvPerTableAndARerunIsByteForByteTheSame() throws Exception {
    ReportFixture fixture = ReportFixture.load();
    ReportService service = new ReportService(TestDatabase.get());
    ReportSummary summary = service.writeDated(fixture.lastDate, directory);

    Path dated = directory.resolve(fixture.lastDate.toString());
    assertThat(summary.html()).isEqualTo(dated.resolve(ReportService.PAGE));
    assertThat(summary.bytes()).isLessThan(ReportService.MAX_BYTES);
    assertThat(summary.model()).isEqualTo(ReportFixture.MODEL);
    String html = Files.readString(summary.html());
    for (Path csv : summary.csvFiles()) {
      assertThat(csv).isNotEmptyFile();
      assertThat(html).contains("href=\"" + csv.getFileName() + "\"");
    }

    Table top = Table.read().csv(dated.resolve("top_20.csv").toFile());
    assertThat(top.rowCount()).isEqualTo(20);
    assertThat(top.intColumn("rank").asList()).isEqualTo(range(1, 20));
    Table bottom = Table.read().csv(dated.resolve("bottom_20.csv").toFile());
    assertThat(bottom.intColumn("rank").asList()).isEqualTo(range(41, 60));
    Table deciles = Table.read().csv(dated.resolve("deciles.csv").toFile());
    assertThat(deciles.rowCount()).isEqualTo(10);
    // The fixture's scores carry part of the next day's return: the top decile earns the most.
    assertThat(deciles.doubleColumn("mean_return").get(9))
        .isGreaterThan(deciles.doubleColumn("mean_return").get(0));
    Table provenance = Table.read().csv(dated.resolve("provenance.csv").toFile());
    assertThat(provenance.stringColumn("value").asList()).contains(ReportFixture.SHA);
    Table quality = Table.read().csv(dated.resolve("data_quality.csv").toFile());
    assertThat(quality.where(quality.stringColumn("symbol").isEqualTo("S007")).rowCount()).isOne();
    assertThat(html)
        .contains("S007")
        .contains("HIGH_BELOW_LOW")
        .contains("mean_reversion_1d")
        .contains("step report of the fixture");
    assertThat(Files.readString(directory.resolve("index.html")))
        .contains(fixture.lastDate + "/report.html");

    byte[] first = Files.readAllBytes(summary.html());
    service.writeDated(fixture.lastDate, directory);
    assertThat(Files.readAllBytes(summary.html())).isEqualTo(first);
    try (var files = Files.list(dated)) {
      assertThat(files.filter(file -> file.getFileName().toString().endsWith(".partial")))
          .isEmpty();
    }
  }

  @Test
  void theIndexListsEveryDatedReportNewestFirst() throws Exception {
    ReportFixture fixture = ReportFixture.load();
    ReportService service = new ReportService(TestDatabase.get());
    service.writeDated(fixture.dates.get(fixture.dates.size() - 2), directory);
    service.writeDated(fixture.lastDate, directory);
    Files.createDirectories(directory.resolve("notes"));
    service.writeDated(fixture.lastDate, directory);
    String index = Files.readString(directory.resolve("index.html"));
    assertThat(index).contains("2 dated reports").doesNotContain("notes");
    assertThat(index.indexOf(fixture.lastDate.toString()))
        .isLessThan(index.indexOf(fixture.dates.get(fixture.dates.size() - 2).toString()));
  }

  private static List<Integer> range(int from, int to) {
    return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
  }
}
