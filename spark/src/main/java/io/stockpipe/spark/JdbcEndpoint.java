package io.stockpipe.spark;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.errors.BadInputException;
import java.util.Properties;

/**
 * How Spark's tasks reach PostgreSQL: they open their own connections, so they need the URL and
 * credentials rather than the driver's pool. {@link #toString()} never shows the password.
 */
public record JdbcEndpoint(String url, String user, String password) {
  public JdbcEndpoint {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new BadInputException(
          "JDBC URL must start with jdbc:postgresql: but was '" + DatabaseConfig.redact(url) + "'");
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /** The database a command opened, with the credentials it connected with. */
  public static JdbcEndpoint of(Database database) {
    return new JdbcEndpoint(database.jdbcUrl(), database.user(), database.password());
  }

  /** Connection properties for Spark's JDBC source and sink. */
  public Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("driver", "org.postgresql.Driver");
    return properties;
  }

  /** The URL with pgjdbc's batched-insert rewriting on, for Spark's JDBC writer. */
  public String batchWriteUrl() {
    return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
  }

  /**
   * WHERE clauses that split a table into {@code partitions} shares by symbol, one JDBC query each,
   * so every symbol's rows land in one read. {@code & 2^31-1} rather than {@code abs()}: {@code
   * abs(hashtext(x))} overflows for a hash of -2^31.
   */
  public static String[] symbolSharePredicates(int partitions) {
    String[] predicates = new String[partitions];
    for (int share = 0; share < partitions; share++) {
      predicates[share] = "(hashtext(symbol) & 2147483647) % " + partitions + " = " + share;
    }
    return predicates;
  }

  @Override
  public String toString() {
    return "JdbcEndpoint[url=" + DatabaseConfig.redact(url) + ", user=" + user + ", password=***]";
  }
}
