package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class ConfigCliTest {
  @TempDir Path dir;

  @Test
  void dbStatusReachesTheDatabaseTheFileNamesAndPrintsItRedacted() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("nightly.yaml"),
            """
            database:
              url: %s
            sources:
              - name: vendor
                csv: incoming
            schedule:
              time_zone: Europe/London
            """
                .formatted(TestDatabase.jdbcUrl()));
    Matcher password = Pattern.compile("password=([^&;]+)").matcher(TestDatabase.jdbcUrl());
    assertThat(password.find()).as("the test URL carries its password").isTrue();

    Cli status = Cli.run("db", "status", "--config", file.toString());

    assertThat(status.err()).isEmpty();
    assertThat(status.exitCode()).isZero();
    assertThat(status.out())
        .contains("status:  reachable, schema version")
        .contains(
            "config file: "
                + file
                + " (1 source, schedule 0 0 22 ? * MON-FRI, time zone Europe/London, retrain 0 0 6"
                + " ? * SAT)\n")
        .contains("  database:\n    url: jdbc:postgresql://")
        .contains("/stockpipe?password=***\n")
        .contains("  sources:\n    - name: vendor\n      csv: " + dir.resolve("incoming") + "\n")
        .contains("  scheduler:\n    role: all\n")
        .doesNotContain(password.group(1));
  }

  @Test
  void aBadFileEndsTheCommandInOneLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("stockpipe.yaml"),
            "schedule:\n  cron: \"0 0 22 ? * MON-FRI\"\n  time_zone: Europe/Londn\n");

    Cli status = Cli.run("db", "status", "--config", file.toString());

    assertThat(status.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(status.err())
        .isEqualTo(
            "error: "
                + file
                + ":3: schedule.time_zone: 'Europe/Londn' is not a time zone (a region such as"
                + " America/New_York)\n");
    assertThat(status.out()).isEmpty();

    // The home's own file is read by every command, not only db status.
    Cli query = Cli.run("query", "--home", dir.toString(), "SELECT 1");
    assertThat(query.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(query.err()).startsWith("error: " + file + ":3: schedule.time_zone: ");
  }

  @Test
  void withoutAFileDbStatusSaysWhereItLooked() {
    Cli status = Cli.run("db", "status", "--home", dir.toString());

    assertThat(status.exitCode()).isZero();
    assertThat(status.out())
        .contains("config file: " + dir.resolve("stockpipe.yaml") + " (not there: every setting")
        .contains("  schedule:\n    cron: 0 0 22 ? * MON-FRI\n    time_zone: America/New_York\n");

    Cli missing = Cli.run("db", "status", "--config", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(missing.err())
        .isEqualTo(
            "error: config file "
                + dir.resolve("nope.yaml")
                + " does not exist (named by --config)\n");
  }
}
