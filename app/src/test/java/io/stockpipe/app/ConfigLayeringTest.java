package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.scheduler.config.ConfigFile;
import io.stockpipe.scheduler.config.LoadedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags win over the environment, which wins over stockpipe.yaml, which wins over defaults. */
class ConfigLayeringTest {
  private static final String FILE_URL = "jdbc:postgresql://file-host:5432/stockpipe";
  private static final String ENV_URL = "jdbc:postgresql://env-host:5432/stockpipe";
  private static final String FLAG_URL = "jdbc:postgresql://flag-host:5432/stockpipe";

  @TempDir Path home;

  private void writeConfig() throws IOException {
    Files.writeString(
        home.resolve(ConfigFile.FILE_NAME),
        """
        database:
          url: %s
          user: file-user
          password: from-file
          port: 54400
        spark:
          master: local[2]
        """
            .formatted(FILE_URL));
  }

  private DatabaseOptions options(Map<String, String> environment) {
    DatabaseOptions options = new DatabaseOptions(environment);
    options.home = home;
    return options;
  }

  @Test
  void theFileIsUnderTheEnvironmentWhichIsUnderTheFlags() throws IOException {
    writeConfig();

    DatabaseConfig fromFile = options(Map.of()).config();
    assertThat(fromFile.externalUrl()).isEqualTo(FILE_URL);
    assertThat(fromFile.user()).isEqualTo("file-user");
    assertThat(fromFile.password()).isEqualTo("from-file");
    assertThat(fromFile.embeddedPort()).isEqualTo(54400);

    Map<String, String> environment =
        Map.of("STOCKPIPE_DB_URL", ENV_URL, "STOCKPIPE_DB_PASSWORD", "from-env");
    DatabaseConfig fromEnvironment = options(environment).config();
    assertThat(fromEnvironment.externalUrl()).isEqualTo(ENV_URL);
    assertThat(fromEnvironment.password()).isEqualTo("from-env");
    assertThat(fromEnvironment.user()).as("not in the environment").isEqualTo("file-user");

    DatabaseOptions flagged = options(environment);
    flagged.url = FLAG_URL;
    flagged.password = "from-flag";
    DatabaseConfig fromFlags = flagged.config();
    assertThat(fromFlags.externalUrl()).isEqualTo(FLAG_URL);
    assertThat(fromFlags.password()).isEqualTo("from-flag");

    DatabaseConfig defaults = options(Map.of()).config();
    Files.delete(home.resolve(ConfigFile.FILE_NAME));
    assertThat(defaults.externalUrl()).as("read once, before the delete").isEqualTo(FILE_URL);
    DatabaseConfig withoutFile = options(Map.of()).config();
    assertThat(withoutFile.externalUrl()).isNull();
    assertThat(withoutFile.embeddedPort()).isEqualTo(DatabaseConfig.DEFAULT_EMBEDDED_PORT);
  }

  @Test
  void sparkMasterHasTheSameLayers() throws IOException {
    writeConfig();
    SparkOptions spark = new SparkOptions();
    assertThat(spark.settings(options(Map.of())).master()).isEqualTo("local[2]");
    DatabaseOptions withVariable = options(Map.of("STOCKPIPE_SPARK_MASTER", "local[3]"));
    assertThat(spark.settings(withVariable).master()).isEqualTo("local[3]");
    spark.master = "local[1]";
    assertThat(spark.settings(withVariable).master()).isEqualTo("local[1]");
  }

  @Test
  void theDefaultFileIsInTheHomeTheVariablesOrFlagsName() throws IOException {
    writeConfig();
    DatabaseOptions fromVariable = new DatabaseOptions(Map.of("STOCKPIPE_HOME", home.toString()));
    assertThat(fromVariable.loadedConfig().file())
        .isEqualTo(home.resolve(ConfigFile.FILE_NAME).toAbsolutePath().normalize());
    assertThat(fromVariable.config().externalUrl()).isEqualTo(FILE_URL);
  }

  @Test
  void aNamedFileReplacesTheHomesAndMustExist() throws IOException {
    writeConfig();
    Path other =
        Files.writeString(
            home.resolve("other.yaml"), "database:\n  url: jdbc:postgresql://other/stockpipe\n");

    DatabaseOptions fromVariable = options(Map.of("STOCKPIPE_CONFIG", other.toString()));
    assertThat(fromVariable.config().externalUrl()).isEqualTo("jdbc:postgresql://other/stockpipe");

    DatabaseOptions flagWins = options(Map.of("STOCKPIPE_CONFIG", "/nowhere/else.yaml"));
    flagWins.configPath = home.resolve(ConfigFile.FILE_NAME);
    assertThat(flagWins.config().externalUrl()).isEqualTo(FILE_URL);

    DatabaseOptions missing = options(Map.of());
    missing.configPath = home.resolve("missing.yaml");
    assertThatThrownBy(missing::config)
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "config file "
                + home.resolve("missing.yaml").toAbsolutePath().normalize()
                + " does not exist (named by --config)");
    assertThatThrownBy(() -> options(Map.of("STOCKPIPE_CONFIG", "/nowhere/else.yaml")).config())
        .hasMessageContaining("(named by STOCKPIPE_CONFIG)");
  }

  @Test
  void theFileIsReadOncePerCommand() throws IOException {
    writeConfig();
    DatabaseOptions options = options(Map.of());
    LoadedConfig first = options.loadedConfig();
    Files.writeString(home.resolve(ConfigFile.FILE_NAME), "schedule:\n  time_zone: Nowhere/X\n");
    assertThat(options.loadedConfig()).isSameAs(first);
    assertThat(options.config().externalUrl()).isEqualTo(FILE_URL);
  }
}
