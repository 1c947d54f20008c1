package io.stockpipe.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockpipe.errors.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal is one line naming the file, the key's own line, the key and what is wrong. */
class ConfigFileErrorsTest {
  @TempDir Path home;

  private String refusal(String yaml) throws IOException {
    Path file = Files.writeString(home.resolve(ConfigFile.FILE_NAME), yaml);
    BadInputException refused =
        catchThrowableOfType(BadInputException.class, () -> ConfigFile.read(file));
    assertThat(refused).as("refused: " + yaml).isNotNull();
    String message = refused.getMessage();
    assertThat(message).doesNotContain("\n");
    assertThat(message).startsWith(file.toAbsolutePath().normalize() + ":");
    return message.substring(file.toAbsolutePath().normalize().toString().length() + 1);
  }

  @Test
  void anUnknownKeyIsRefusedWithItsLine() throws IOException {
    assertThat(refusal("schedule:\n  cron: \"0 0 22 ? * MON-FRI\"\n  timezone: Europe/London\n"))
        .startsWith("3: schedule.timezone: unknown key (known here: ")
        .contains("time_zone");
    assertThat(refusal("# top\nschedul:\n  cron: x\n"))
        .startsWith("2: schedul: unknown key (known here: ")
        .contains("schedule", "sources", "retrain");
    assertThat(refusal("sources:\n  - name: a\n    csv: x\n    formt: yahoo\n"))
        .startsWith("4: sources[0].formt: unknown key (known here: ")
        .contains("format");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheKeyAndWhatItMustBe() throws IOException {
    assertThat(refusal("retrain:\n  enabled: true\n  training_years: four\n"))
        .isEqualTo("3: retrain.training_years: 'four' is not a whole number");
    assertThat(refusal("retrain:\n  training_years: 4.5\n"))
        .startsWith("2: retrain.training_years: ")
        .contains("a whole number");
    assertThat(refusal("sources:\n  - name: a\n    http: https://x.test/\n    symbols: AAPL\n"))
        .startsWith("4: sources[0].symbols: expected a list");
    assertThat(refusal("schedule: daily\n")).startsWith("1: schedule: expected a section");
    assertThat(
            refusal(
                "sources:\n  - name: a\n    http: https://x.test/\n    symbols: [A]\n"
                    + "    follow_redirects: yes\n"))
        .isEqualTo("5: sources[0].follow_redirects: 'yes' is not true or false");
    assertThat(refusal("- schedule\n")).startsWith("1: expected a section");
  }

  @Test
  void aBadCronIsRefused() throws IOException {
    assertThat(refusal("schedule:\n  time_zone: UTC\n  cron: \"0 0 25 ? * MON-FRI\"\n"))
        .isEqualTo(
            "3: schedule.cron: '0 0 25 ? * MON-FRI' is not a Quartz cron expression (seconds"
                + " minutes hours day-of-month month day-of-week, e.g. '0 0 22 ? * MON-FRI')");
    assertThat(refusal("retrain:\n  cron: \"0 0 6 * * SAT\"\n"))
        .startsWith("2: retrain.cron: '0 0 6 * * SAT' is not a Quartz cron expression");
  }

  @Test
  void aBadTimeZoneIsRefused() throws IOException {
    assertThat(refusal("schedule:\n  cron: \"0 0 22 ? * MON-FRI\"\n  time_zone: Europe/Londn\n"))
        .isEqualTo(
            "3: schedule.time_zone: 'Europe/Londn' is not a time zone (a region such as"
                + " America/New_York)");
  }

  @Test
  void aBadRoleOrModelIsRefused() throws IOException {
    assertThat(refusal("scheduler:\n  role: etl-only\n"))
        .isEqualTo("2: scheduler.role: 'etl-only' is not one of etl, model, all");
    assertThat(refusal("retrain:\n  model: lstm\n"))
        .isEqualTo("2: retrain.model: 'lstm' is not one of dense, cnn");
    // A blend is an architecture, but not one the weekly retrain trains: refused when read.
    assertThat(refusal("retrain:\n  model: blend\n"))
        .isEqualTo("2: retrain.model: 'blend' is not one of dense, cnn");
  }

  @Test
  void aSourceIsCsvOrHttpNotBoth() throws IOException {
    assertThat(
            refusal(
                "sources:\n  - name: ok\n    csv: a\n  - name: both\n    csv: b\n"
                    + "    http: https://x.test/\n    symbols: [A]\n"))
        .isEqualTo("6: sources[1].http: a source has csv: or http:, not both");
    assertThat(refusal("sources:\n  - name: neither\n    format: yahoo\n"))
        .isEqualTo("2: sources[0]: a source needs csv: PATH or http: URL");
    assertThat(refusal("sources:\n  - name: a\n    csv: b\n    attempts: 3\n"))
        .isEqualTo("4: sources[0].attempts: is an http source's key");
  }

  @Test
  void sourceNamesAreUnique() throws IOException {
    assertThat(
            refusal(
                "sources:\n  - name: prices\n    csv: a\n  - name: web\n    csv: b\n"
                    + "  - name: prices\n    csv: c\n"))
        .isEqualTo(
            "6: sources[2].name: 'prices' is the name of sources[0] too; each source needs its"
                + " own");
    assertThat(refusal("sources:\n  - csv: a\n")).isEqualTo("2: sources[0].name: is missing");
  }

  @Test
  void anHttpSourceNeedsItsSymbols() throws IOException {
    assertThat(refusal("sources:\n  - name: web\n    http: https://x.test/\n"))
        .isEqualTo(
            "2: sources[0].symbols: an http source needs symbols: [A, B] or"
                + " symbols_file: PATH");
    assertThat(refusal("sources:\n  - name: web\n    http: https://x.test/\n    symbols: []\n"))
        .isEqualTo("4: sources[0].symbols: names no tickers");
    assertThat(
            refusal("sources:\n  - name: web\n    http: https://x.test/\n    symbols: [A, b$]\n"))
        .startsWith("4: sources[0].symbols[1]: symbol 'B$' is not a ticker");
    assertThat(
            refusal(
                "sources:\n  - name: web\n    http: https://x.test/\n    symbols_file: none.txt\n"))
        .isEqualTo(
            "4: sources[0].symbols_file: "
                + home.resolve("none.txt").toAbsolutePath().normalize()
                + " does not exist");
    Files.writeString(home.resolve("tickers.txt"), "AAPL\n# comment\nMSFT AAPL\n");
    assertThat(
            refusal(
                "sources:\n  - name: web\n    http: https://x.test/\n"
                    + "    symbols_file: tickers.txt\n"))
        .isEqualTo("4: sources[0].symbols_file: 'AAPL' is listed twice");
    assertThat(refusal("sources:\n  - name: web\n    http: ftp://x.test/\n    symbols: [A]\n"))
        .isEqualTo("3: sources[0].http: 'ftp://x.test/' does not start with http:// or https://");
  }

  @Test
  void limitsOutOfRangeNameTheirKey() throws IOException {
    assertThat(
            refusal(
                "sources:\n  - name: web\n    http: https://x.test/\n    symbols: [A]\n"
                    + "    timeout_ms: 0\n"))
        .isEqualTo("5: sources[0].timeout_ms: must be at least 1, was 0");
    assertThat(refusal("database:\n  port: 70000\n"))
        .isEqualTo("2: database.port: must be 1..65535, was 70000");
    assertThat(refusal("database:\n  url: postgres://x:secret@db/stockpipe\n"))
        .isEqualTo(
            "2: database.url: 'postgres://x:***@db/stockpipe' does not start with"
                + " jdbc:postgresql:");
    assertThat(refusal("retrain:\n  promote_margin: -0.1\n"))
        .startsWith("2: retrain.promote_margin: must be at least 0");
    assertThat(refusal("scheduler:\n  transient_retries: -1\n"))
        .isEqualTo("2: scheduler.transient_retries: must be at least 0, was -1");
  }

  @Test
  void aKeyGivenTwiceOrBrokenYamlIsRefused() throws IOException {
    assertThat(refusal("schedule:\n  cron: \"0 0 22 ? * MON-FRI\"\n  cron: \"0 0 6 ? * SAT\"\n"))
        .isEqualTo("3: schedule.cron: is given twice");
    assertThat(refusal("schedule:\n  time_zone: UTC\n  cron: \"0 0 22\n"))
        .startsWith("4: not valid YAML: ");
    assertThat(refusal("schedule:\n  cron: a: b\n")).startsWith("2: not valid YAML: ");
  }
}
