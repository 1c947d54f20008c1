package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code stockpipe report} as an analyst or operator meets it. */
@ExtendWith(PostgresExtension.class)
class ReportCommandTest {
  private static final String DB = "--db-url=" + TestDatabase.jdbcUrl();

  @TempDir Path home;

  @Test
  void writesIntoTheHomesReportsByDefaultAndIntoOutWhenGiven() {
    Cli dated = Cli.run("report", "--date", "2024-01-02", "--home", home.toString(), DB);
    assertThat(dated.exitCode()).as(dated.err()).isZero();
    Path page = home.resolve("reports/2024-01-02/report.html");
    assertThat(dated.out())
        .contains("report of 2024-01-02: " + page)
        .contains("no model has predicted on or before 2024-01-02 yet")
        .contains("12 CSV files beside it");
    assertThat(page).isNotEmptyFile();
    assertThat(home.resolve("reports/index.html")).content().contains("2024-01-02/report.html");

    Path out = home.resolve("elsewhere");
    Cli elsewhere = Cli.run("report", "--date", "2024-01-02", "--out", out.toString(), DB);
    assertThat(elsewhere.exitCode()).as(elsewhere.err()).isZero();
    assertThat(out.resolve("report.html")).isNotEmptyFile();
    assertThat(out.resolve("job_runs.csv")).isNotEmptyFile();
  }

  @Test
  void aBadDateIsOneErrorLine() {
    Cli bad = Cli.run("report", "--date", "2024-13-01", DB);
    assertThat(bad.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(bad.err()).contains("2024-13-01");
  }

  @Test
  void anUnwritableOutIsOneErrorLineNamingIt() throws Exception {
    Path file = java.nio.file.Files.writeString(home.resolve("a-file"), "not a directory");
    Cli refused = Cli.run("report", "--date", "2024-01-02", "--out", file.toString(), DB);
    assertThat(refused.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(refused.err()).contains("error: cannot write the report into " + file);
  }
}
