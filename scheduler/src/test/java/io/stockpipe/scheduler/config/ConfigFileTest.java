package io.stockpipe.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.csv.CsvLayout;
import io.stockpipe.ingest.http.HttpSettings;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.scheduler.node.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path home;

  private Path write(String yaml) throws IOException {
    return Files.writeString(home.resolve(ConfigFile.FILE_NAME), yaml);
  }

  private Path file() {
    return home.resolve(ConfigFile.FILE_NAME).toAbsolutePath().normalize();
  }

  @Test
  void aHomeWithoutTheFileRunsWithEveryDefault() {
    LoadedConfig loaded = ConfigFile.readIfPresent(ConfigFile.defaultPath(home));
    assertThat(loaded.found()).isFalse();
    assertThat(loaded.config()).isEqualTo(StockpipeConfig.defaults());
    assertThat(loaded.summary()).contains(file().toString(), "not there");

    StockpipeConfig defaults = StockpipeConfig.defaults();
    assertThat(defaults.sources()).isEmpty();
    assertThat(defaults.schedule().cron()).isEqualTo("0 0 22 ? * MON-FRI");
    assertThat(defaults.schedule().timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(defaults.schedule().exchange()).isEqualTo("XNYS");
    assertThat(defaults.retrain())
        .isEqualTo(
            new RetrainSection(
                true, "0 0 6 ? * SAT", Architecture.DENSE, 4, OptionalInt.empty(), 0.002));
    assertThat(defaults.scheduler())
        .isEqualTo(new SchedulerSettings(Role.ALL, 3, Duration.ofSeconds(30)));
  }

  @Test
  void aFileThatIsNamedButMissingIsAnError() {
    assertThatThrownBy(() -> ConfigFile.read(home.resolve("elsewhere.yaml")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("elsewhere.yaml does not exist");
  }

  @Test
  void anEmptyFileOrOnlyCommentsIsEveryDefault() throws IOException {
    write("");
    assertThat(ConfigFile.read(file())).isEqualTo(StockpipeConfig.defaults());
    write("# nothing set yet\n\n");
    assertThat(ConfigFile.read(file())).isEqualTo(StockpipeConfig.defaults());
    write("schedule:\nretrain:\n");
    assertThat(ConfigFile.read(file())).isEqualTo(StockpipeConfig.defaults());
  }

  @Test
  void aFullFileParsesToItsRecords() throws IOException {
    Files.writeString(home.resolve("universe.txt"), "# the watch list\nAAPL, msft\nbrk.b\n");
    write(
        """
        database:
          url: jdbc:postgresql://db.internal:5432/stockpipe
          user: pipeline
          password: s3cret
          port: 54400
          reader_user: analyst
          reader_password: r3ader
        spark:
          master: local[2]
        sources:
          - name: vendor-files
            csv: incoming/prices
            format: yahoo
          - name: stooq
            http: https://stooq.com/q/d/l/
            symbols: [aapl, MSFT]
            timeout_ms: 5000
            attempts: 2
            min_interval_ms: 250
            symbol_suffix: ""
            max_bytes: 1000000
            max_retry_after_s: 10
            follow_redirects: true
          - name: stooq-list
            http: https://stooq.com/q/d/l/
            symbols_file: universe.txt
        schedule:
          cron: "0 30 21 ? * MON-FRI"
          time_zone: Europe/London
          exchange: xlon
        retrain:
          enabled: false
          cron: "0 0 5 ? * SUN"
          model: cnn
          training_years: 6
          validation_dates: 120
          promote_margin: 0.01
        scheduler:
          role: etl
          transient_retries: 5
          retry_backoff_s: 10
        """);

    StockpipeConfig config = ConfigFile.read(file());

    HttpSettings defaults = HttpSettings.DEFAULTS;
    StockpipeConfig expected =
        new StockpipeConfig(
            new DatabaseSection(
                "jdbc:postgresql://db.internal:5432/stockpipe",
                "pipeline",
                "s3cret",
                54400,
                "analyst",
                "r3ader"),
            new SparkSection("local[2]"),
            List.of(
                new CsvSource(
                    "vendor-files",
                    home.resolve("incoming/prices").toAbsolutePath().normalize(),
                    "yahoo"),
                new HttpSource(
                    "stooq",
                    URI.create("https://stooq.com/q/d/l/"),
                    List.of("AAPL", "MSFT"),
                    Optional.empty(),
                    new HttpSettings(
                        Duration.ofMillis(5000),
                        2,
                        defaults.initialBackoff(),
                        Duration.ofMillis(250),
                        "",
                        true,
                        1_000_000,
                        Duration.ofSeconds(10))),
                new HttpSource(
                    "stooq-list",
                    URI.create("https://stooq.com/q/d/l/"),
                    List.of("AAPL", "MSFT", "BRK.B"),
                    Optional.of(home.resolve("universe.txt").toAbsolutePath().normalize()),
                    defaults)),
            new Schedule("0 30 21 ? * MON-FRI", ZoneId.of("Europe/London"), "XLON"),
            new RetrainSection(
                false, "0 0 5 ? * SUN", Architecture.CNN, 6, OptionalInt.of(120), 0.01),
            new SchedulerSettings(Role.ETL, 5, Duration.ofSeconds(10)));
    assertThat(config).isEqualTo(expected);
    assertThat(config.summary())
        .isEqualTo("3 sources, schedule 0 30 21 ? * MON-FRI, time zone Europe/London, retrain off");
  }

  @Test
  void aSourceBuildsTheIngestModulesSourceForTheDates() throws IOException {
    Files.createDirectories(home.resolve("prices"));
    write(
        """
        sources:
          - name: files
            csv: prices
            format: stooq
          - name: web
            http: https://stooq.com/q/d/l/
            symbols: [AAPL]
        """);
    StockpipeConfig config = ConfigFile.read(file());
    LocalDate businessDate = LocalDate.of(2025, 3, 14);

    SourceConfig files = config.source("files").orElseThrow();
    assertThat(files.priceSource(businessDate, businessDate).describe())
        .isEqualTo("csv:" + home.resolve("prices").toAbsolutePath().normalize());
    assertThat(files.ingestOptions(IngestOptions.defaults()).forcedLayouts())
        .isEqualTo(CsvLayout.forFormat("stooq"));

    SourceConfig web = config.source("web").orElseThrow();
    assertThat(web.priceSource(businessDate, businessDate).describe())
        .isEqualTo("http:https://stooq.com/q/d/l/ symbols=AAPL 2025-03-14..2025-03-14");
    assertThat(web.ingestOptions(IngestOptions.defaults())).isEqualTo(IngestOptions.defaults());
  }

  @Test
  void describeShowsEveryValueAndNoSecret() throws IOException {
    write(
        """
        database:
          url: jdbc:postgresql://admin:urlpass@db:5432/stockpipe?password=parampass
          password: s3cret
          reader_password: r3ader
        sources:
          - name: web
            http: https://user:webpass@example.com/daily
            symbols: [AAPL]
        """);
    StockpipeConfig config = ConfigFile.read(file());

    String described = config.describe();
    assertThat(described)
        .contains(
            "database:\n  url: jdbc:postgresql://admin:***@db:5432/stockpipe?password=***\n",
            "  password: ***\n",
            "  reader_user: (not set)\n",
            "  reader_password: ***\n",
            "spark:\n  master: (not set)\n",
            "sources:\n  - name: web\n    http: https://user:***@example.com/daily\n",
            "    symbols: [AAPL]\n",
            "    timeout_ms: 20000\n",
            "    follow_redirects: false\n",
            "schedule:\n  cron: 0 0 22 ? * MON-FRI\n  time_zone: America/New_York\n",
            "retrain:\n  enabled: true\n",
            "  promote_margin: 0.002\n",
            "scheduler:\n  role: all\n  transient_retries: 3\n  retry_backoff_s: 30\n");
    for (String shown : List.of(described, config.toString())) {
      assertThat(shown).doesNotContain("s3cret", "r3ader", "urlpass", "parampass", "webpass");
    }
  }

  @Test
  void theFileIsTheLayerUnderTheEnvironment() throws IOException {
    write(
        """
        database:
          url: jdbc:postgresql://file-host/stockpipe
          password: from-file
          port: 54400
        spark:
          master: local[2]
        """);
    StockpipeConfig config = ConfigFile.read(file());

    assertThat(config.withEnvironment(Map.of()))
        .containsEntry("STOCKPIPE_DB_URL", "jdbc:postgresql://file-host/stockpipe")
        .containsEntry("STOCKPIPE_DB_PASSWORD", "from-file")
        .containsEntry("STOCKPIPE_DB_PORT", "54400")
        .containsEntry("STOCKPIPE_SPARK_MASTER", "local[2]")
        .doesNotContainKey("STOCKPIPE_DB_USER");
    assertThat(
            config.withEnvironment(
                Map.of(
                    "STOCKPIPE_DB_PASSWORD", "from-env",
                    "STOCKPIPE_DB_URL", " ",
                    "PATH", "/bin")))
        .containsEntry("STOCKPIPE_DB_PASSWORD", "from-env")
        // A blank variable counts as unset, here as in DatabaseConfig: the file's value stays.
        .containsEntry("STOCKPIPE_DB_URL", "jdbc:postgresql://file-host/stockpipe")
        .containsEntry("PATH", "/bin");
  }

  @Test
  void theReadmeExampleIsValidAndItsValuesAreTheDefaults() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String start = "<!-- stockpipe.yaml example -->\n```yaml\n";
    int from = readme.indexOf(start);
    assertThat(from).as("the README's example block").isNotNegative();
    String example =
        readme.substring(from + start.length(), readme.indexOf("```", from + start.length()));
    StockpipeConfig config = ConfigFile.parse(example, file());

    StockpipeConfig defaults = StockpipeConfig.defaults();
    assertThat(config.database()).isEqualTo(defaults.database());
    assertThat(config.spark()).isEqualTo(defaults.spark());
    assertThat(config.schedule()).isEqualTo(defaults.schedule());
    assertThat(config.retrain()).isEqualTo(defaults.retrain());
    assertThat(config.scheduler()).isEqualTo(defaults.scheduler());
    assertThat(config.sources()).extracting(SourceConfig::name).isNotEmpty();
    for (SourceConfig source : config.sources()) {
      if (source instanceof HttpSource http) {
        assertThat(http.settings()).isEqualTo(HttpSettings.DEFAULTS);
      }
    }
  }
}
