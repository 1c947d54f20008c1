package io.stockpipe.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.errors.BadInputException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

  @Test
  void flagsWinOverEnvironmentAndThePasswordIsNeverPrinted() {
    DatabaseConfig config =
        DatabaseConfig.resolve(
            Map.of(
                "STOCKPIPE_DB_URL", "jdbc:postgresql://env/db",
                "STOCKPIPE_DB_USER", "envuser",
                "STOCKPIPE_DB_PASSWORD", "s3cret"),
            Path.of("/tmp/home"),
            "jdbc:postgresql://flag/db",
            null,
            null,
            null);
    assertThat(config.externalUrl()).isEqualTo("jdbc:postgresql://flag/db");
    assertThat(config.user()).isEqualTo("envuser");
    assertThat(config.password()).isEqualTo("s3cret");
    assertThat(config.toString()).doesNotContain("s3cret").contains("password=***");
  }

  @Test
  void aPasswordInsideTheUrlIsRedactedWhereverTheUrlIsShown() {
    assertThat(
            DatabaseConfig.redact("jdbc:postgresql://db:5432/sp?user=op&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/sp?user=op&password=***&ssl=true");
    assertThat(DatabaseConfig.redact("jdbc:postgresql://db/sp?PASSWORD=s3cret"))
        .isEqualTo("jdbc:postgresql://db/sp?PASSWORD=***");
    assertThat(DatabaseConfig.redact("jdbc:postgresql://op:s3cret@db:5432/sp"))
        .isEqualTo("jdbc:postgresql://op:***@db:5432/sp");
    assertThat(DatabaseConfig.redact("jdbc:postgresql://db:5432/sp?user=op"))
        .isEqualTo("jdbc:postgresql://db:5432/sp?user=op");

    DatabaseConfig config =
        DatabaseConfig.resolve(
            Map.of("STOCKPIPE_DB_URL", "jdbc:postgresql://db/sp?user=op&password=s3cret"),
            Path.of("/tmp/home"),
            null,
            null,
            null,
            null);
    assertThat(config.toString()).doesNotContain("s3cret").contains("password=***");
    assertThatThrownBy(
            () ->
                DatabaseConfig.resolve(
                    Map.of(), null, "jdbc:mysql://db/sp?password=s3cret", null, null, null))
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void theReadersUrlCarriesNoOtherLogin() {
    assertThat(
            DatabaseConfig.withoutCredentials("jdbc:postgresql://db/sp?user=op&password=s&ssl=1"))
        .isEqualTo("jdbc:postgresql://db/sp?ssl=1");
    assertThat(DatabaseConfig.withoutCredentials("jdbc:postgresql://db/sp?password=s"))
        .isEqualTo("jdbc:postgresql://db/sp");
    assertThat(DatabaseConfig.withoutCredentials("jdbc:postgresql://op:s@db:5432/sp"))
        .isEqualTo("jdbc:postgresql://db:5432/sp");
  }

  @Test
  void withoutAnUrlTheEmbeddedServerUnderHomeIsUsed() {
    DatabaseConfig config =
        DatabaseConfig.resolve(
            Map.of("STOCKPIPE_HOME", "/data/sp", "STOCKPIPE_DB_PORT", "6000"),
            null,
            null,
            null,
            null,
            null);
    assertThat(config.isExternal()).isFalse();
    assertThat(config.embeddedUrl()).isEqualTo("jdbc:postgresql://localhost:6000/stockpipe");
    assertThat(config.embeddedDataDirectory()).isEqualTo(Path.of("/data/sp/pgdata"));
    assertThat(config.user()).isEqualTo("postgres");
  }

  @Test
  void refusesANonPostgresUrlAndABadPort() {
    assertThatThrownBy(
            () -> DatabaseConfig.resolve(Map.of(), null, "jdbc:mysql://x/y", null, null, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("jdbc:mysql://x/y");
    assertThatThrownBy(
            () ->
                DatabaseConfig.resolve(
                    Map.of("STOCKPIPE_DB_PORT", "abc"), null, null, null, null, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("STOCKPIPE_DB_PORT");
  }
}
