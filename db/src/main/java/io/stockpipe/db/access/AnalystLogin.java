package io.stockpipe.db.access;

import java.util.Locale;
import java.util.Objects;

/**
 * An analyst login as {@link AnalystLogins#grant} left it, and how the analyst connects with it. No
 * password anywhere: the analyst types it. A value: immutable and thread-safe.
 *
 * @param name the login (a PostgreSQL role with LOGIN, member of stockpipe_analyst)
 * @param created true if the role was made now, false if it existed and got a new password
 * @param jdbcUrl the JDBC URL for BI tools, without user or password in it
 * @param psqlCommand the psql command line that connects as the login (psql asks for the password)
 */
public record AnalystLogin(String name, boolean created, String jdbcUrl, String psqlCommand) {
  public AnalystLogin {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(psqlCommand, "psqlCommand");
    if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password=")) {
      throw new IllegalArgumentException("the analyst's JDBC URL must carry no password");
    }
  }
}
