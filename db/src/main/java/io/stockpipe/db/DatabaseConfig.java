package io.stockpipe.db;

import io.stockpipe.errors.BadInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * @param readerUser the login {@code query --read-only} uses on an external server (a member of the
 *     role stockpipe_reader), or null; the embedded server has its own
 * @param readerPassword that login's password (may be empty)
 */
public record DatabaseConfig(
    Path home,
    String externalUrl,
    String user,
    String password,
    int embeddedPort,
    String readerUser,
    String readerPassword) {

  public static final int DEFAULT_EMBEDDED_PORT = 54329;
  public static final String EMBEDDED_USER = "postgres";
  public static final String EMBEDDED_DATABASE = "stockpipe";

  public DatabaseConfig {
    Objects.requireNonNull(home, "home");
    if (externalUrl != null && !externalUrl.startsWith("jdbc:postgresql:")) {
      throw new BadInputException(
          "database URL must start with jdbc:postgresql: but was '" + redact(externalUrl) + "'");
    }
    if (embeddedPort < 1 || embeddedPort > 65535) {
      throw new BadInputException("embedded database port must be 1..65535, was " + embeddedPort);
    }
    user = user == null || user.isBlank() ? EMBEDDED_USER : user;
    password = password == null ? "" : password;
    readerPassword = readerPassword == null ? "" : readerPassword;
  }

  /** A configuration without a separate read-only login. */
  public DatabaseConfig(
      Path home, String externalUrl, String user, String password, int embeddedPort) {
    this(home, externalUrl, user, password, embeddedPort, null, null);
  }

  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)([?&;]password=)[^&;]*|(//[^/:@?]+:)[^/@?]*(@)");

  private static final Pattern URL_CREDENTIAL = Pattern.compile("(?i)[?&;](user|password)=[^&;]*");

  /**
   * {@code url} without the user and password it may carry ({@code ?user=…&password=…}, {@code
   * user:password@}), which pgjdbc would otherwise prefer to the login given beside it: how the
   * read-only login connects to the owner's URL.
   */
  public static String withoutCredentials(String url) {
    String stripped = URL_CREDENTIAL.matcher(url).replaceAll("").replaceFirst("//[^/@?]+@", "//");
    int query = stripped.indexOf('?');
    int firstParameter = stripped.indexOf('&');
    if (query < 0 && firstParameter >= 0) {
      stripped =
          stripped.substring(0, firstParameter) + "?" + stripped.substring(firstParameter + 1);
    }
    return stripped;
  }

  /**
   * {@code url} with any password in it shown as {@code ***}: a {@code password=} parameter or a
   * {@code user:password@} part. Everything that prints or logs a URL passes it through here.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    return URL_PASSWORD
        .matcher(url)
        .replaceAll(
            match ->
                match.group(1) != null
                    ? Matcher.quoteReplacement(match.group(1) + "***")
                    : Matcher.quoteReplacement(match.group(2) + "***" + match.group(3)));
  }

  /**
   * Builds the configuration from explicit values (flags; null where not given) falling back to the
   * environment: {@code STOCKPIPE_HOME}, {@code STOCKPIPE_DB_URL}, {@code STOCKPIPE_DB_USER},
   * {@code STOCKPIPE_DB_PASSWORD}, {@code STOCKPIPE_DB_PORT}, {@code STOCKPIPE_DB_READER_USER},
   * {@code STOCKPIPE_DB_READER_PASSWORD}.
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
        resolvedPort,
        firstNonBlank(null, env.get("STOCKPIPE_DB_READER_USER")),
        firstNonBlank(null, env.get("STOCKPIPE_DB_READER_PASSWORD")));
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
        + (isExternal() ? redact(externalUrl) : embeddedUrl() + " (embedded)")
        + ", user="
        + (isExternal() ? user : EMBEDDED_USER)
        + ", password="
        + (isExternal()
            ? (password.isEmpty() ? "(none)" : "***")
            : "*** (generated, in " + home.resolve("pgpass") + ")")
        + (readerUser == null ? "" : ", reader=" + readerUser + " password=***")
        + "]";
  }

  private static String firstNonBlank(String first, String second) {
    if (first != null && !first.isBlank()) {
      return first;
    }
    return second != null && !second.isBlank() ? second : null;
  }
}
