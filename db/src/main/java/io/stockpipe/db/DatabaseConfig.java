package io.stockpipe.db;

import io.stockpipe.errors.BadInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the database is. Either an external server ({@code externalUrl} set) or the embedded server
 * whose data lives under {@code home}. Read once at start-up; {@link #toString()} never shows the
 * password.
 *
 * @param home stockpipe's own directory: embedded data, logs, demo files
 * @param externalUrl JDBC URL of an external server, or null for the embedded one
 * @param user database user
 * @param password database password (may be empty for the embedded server)
 * @param embeddedPort TCP port of the embedded server on localhost
 */
public record DatabaseConfig(
    Path home, String externalUrl, String user, String password, int embeddedPort) {

  public static final int DEFAULT_EMBEDDED_PORT = 54329;
  public static final String EMBEDDED_USER = "postgres";
  public static final String EMBEDDED_DATABASE = "stockpipe";

  public DatabaseConfig {
    Objects.requireNonNull(home, "home");
    if (externalUrl != null && !externalUrl.startsWith("jdbc:postgresql:")) {
      throw new BadInputException(
          "database URL must start with jdbc:postgresql: but was '" + externalUrl + "'");
    }
    if (embeddedPort < 1 || embeddedPort > 65535) {
      throw new BadInputException("embedded database port must be 1..65535, was " + embeddedPort);
    }
    user = user == null || user.isBlank() ? EMBEDDED_USER : user;
    password = password == null ? "" : password;
  }

  /**
   * Builds the configuration from explicit values (flags; null where not given) falling back to the
   * environment: {@code STOCKPIPE_HOME}, {@code STOCKPIPE_DB_URL}, {@code STOCKPIPE_DB_USER},
   * {@code STOCKPIPE_DB_PASSWORD}, {@code STOCKPIPE_DB_PORT}.
   */
  public static DatabaseConfig resolve(
      Map<String, String> env, Path home, String url, String user, String password, Integer port) {
    Path resolvedHome =
        home != null
            ? home
            : env.containsKey("STOCKPIPE_HOME")
                ? Path.of(env.get("STOCKPIPE_HOME"))
                : Path.of(System.getProperty("user.home"), ".stockpipe");
    String portText = env.get("STOCKPIPE_DB_PORT");
    int resolvedPort;
    if (port != null) {
      resolvedPort = port;
    } else if (portText != null && !portText.isBlank()) {
      try {
        resolvedPort = Integer.parseInt(portText.trim());
      } catch (NumberFormatException e) {
        throw new BadInputException("STOCKPIPE_DB_PORT is not a number: '" + portText + "'");
      }
    } else {
      resolvedPort = DEFAULT_EMBEDDED_PORT;
    }
    return new DatabaseConfig(
        resolvedHome.toAbsolutePath().normalize(),
        firstNonBlank(url, env.get("STOCKPIPE_DB_URL")),
        firstNonBlank(user, env.get("STOCKPIPE_DB_USER")),
        firstNonBlank(password, env.get("STOCKPIPE_DB_PASSWORD")),
        resolvedPort);
  }

  public boolean isExternal() {
    return externalUrl != null;
  }

  /** JDBC URL of the embedded server on {@link #embeddedPort()}. */
  public String embeddedUrl() {
    return "jdbc:postgresql://localhost:" + embeddedPort + "/" + EMBEDDED_DATABASE;
  }

  public Path embeddedDataDirectory() {
    return home.resolve("pgdata");
  }

  public Path logDirectory() {
    return home.resolve("logs");
  }

  @Override
  public String toString() {
    return "DatabaseConfig[home="
        + home
        + ", url="
        + (isExternal() ? externalUrl : embeddedUrl() + " (embedded)")
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "(none)" : "***")
        + "]";
  }

  private static String firstNonBlank(String first, String second) {
    if (first != null && !first.isBlank()) {
      return first;
    }
    return second != null && !second.isBlank() ? second : null;
  }
}
