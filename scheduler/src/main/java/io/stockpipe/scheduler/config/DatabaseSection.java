package io.stockpipe.scheduler.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stockpipe.db.DatabaseConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file's {@code database:} section: the lowest layer under the {@code STOCKPIPE_DB_*} variables
 * and the {@code --db-*} flags, so each value is null where the file leaves it out. It holds no
 * home: the file lives in the home. {@link #toString()} never shows a password.
 *
 * @param url JDBC URL of an external server, or null
 * @param user its user, or null
 * @param password its password, or null
 * @param port the embedded server's port, or null
 * @param readerUser the login of {@code query --read-only} on an external server, or null
 * @param readerPassword that login's password, or null
 */
public record DatabaseSection(
    String url,
    String user,
    String password,
    Integer port,
    String readerUser,
    String readerPassword) {

  public static final String URL_VARIABLE = "STOCKPIPE_DB_URL";
  public static final String USER_VARIABLE = "STOCKPIPE_DB_USER";
  public static final String PASSWORD_VARIABLE = "STOCKPIPE_DB_PASSWORD";
  public static final String PORT_VARIABLE = "STOCKPIPE_DB_PORT";
  public static final String READER_USER_VARIABLE = "STOCKPIPE_DB_READER_USER";
  public static final String READER_PASSWORD_VARIABLE = "STOCKPIPE_DB_READER_PASSWORD";

  public static final DatabaseSection EMPTY =
      new DatabaseSection(null, null, null, null, null, null);

  public DatabaseSection {
    url = Settings.optionalText("url", url);
    user = Settings.optionalText("user", user);
    readerUser = Settings.optionalText("reader_user", readerUser);
    Settings.require(
        url == null || url.startsWith("jdbc:postgresql:"),
        "url",
        "'" + DatabaseConfig.redact(url) + "' does not start with jdbc:postgresql:");
    Settings.require(
        port == null || (port >= 1 && port <= 65535), "port", "must be 1..65535, was " + port);
  }

  @JsonCreator
  static DatabaseSection fromFile(
      @JsonProperty("url") String url,
      @JsonProperty("user") String user,
      @JsonProperty("password") String password,
      @JsonProperty("port") Integer port,
      @JsonProperty("reader_user") String readerUser,
      @JsonProperty("reader_password") String readerPassword) {
    return new DatabaseSection(url, user, password, port, readerUser, readerPassword);
  }

  /** The values the file sets, under the names of the variables they stand in for. */
  Map<String, String> asVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    putIfSet(variables, URL_VARIABLE, url);
    putIfSet(variables, USER_VARIABLE, user);
    putIfSet(variables, PASSWORD_VARIABLE, password);
    putIfSet(variables, PORT_VARIABLE, port == null ? null : port.toString());
    putIfSet(variables, READER_USER_VARIABLE, readerUser);
    putIfSet(variables, READER_PASSWORD_VARIABLE, readerPassword);
    return variables;
  }

  private static void putIfSet(Map<String, String> variables, String name, String value) {
    if (value != null) {
      variables.put(name, value);
    }
  }

  void describe(Describer out) {
    out.section("database");
    out.value("url", url == null ? null : DatabaseConfig.redact(url));
    out.value("user", user);
    out.secret("password", password);
    out.value("port", port);
    out.value("reader_user", readerUser);
    out.secret("reader_password", readerPassword);
  }

  @Override
  public String toString() {
    return "DatabaseSection[url="
        + DatabaseConfig.redact(url)
        + ", user="
        + user
        + ", password="
        + Describer.secret(password)
        + ", port="
        + port
        + ", reader_user="
        + readerUser
        + ", reader_password="
        + Describer.secret(readerPassword)
        + "]";
  }
}
