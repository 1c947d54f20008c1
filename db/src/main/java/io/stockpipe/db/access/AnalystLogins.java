package io.stockpipe.db.access;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.errors.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

/**
 * Makes and re-keys analyst logins: LOGIN roles in {@value #ROLE} (migration V15), which may SELECT
 * the views of the schema report and nothing else. Roles belong to the whole server, so this needs
 * a connecting user that may create roles (a superuser, or CREATEROLE and, on PostgreSQL 16 and
 * later, ADMIN OPTION on {@value #ROLE}).
 *
 * <p>The password never reaches the server, its logs or an error message: the driver turns it into
 * a SCRAM-SHA-256 verifier here and sends only that ({@code log_statement = 'ddl'} would otherwise
 * log it, and so would a failing statement). Thread-safe: it holds only the database.
 */
public final class AnalystLogins {
  /** The group role whose grants are all an analyst login has. */
  public static final String ROLE = "stockpipe_analyst";

  /** Set on each login, since role settings are not inherited from the group. */
  public static final String STATEMENT_TIMEOUT = "5min";

  /** Shorter ones are refused: a login reachable from BI tools deserves more than a PIN. */
  public static final int MIN_PASSWORD_LENGTH = 8;

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Names PostgreSQL reserves, and the roles of stockpipe itself. */
  private static final Set<String> RESERVED =
      Set.of(
          "postgres",
          "stockpipe_reader",
          ROLE,
          "public",
          "none",
          "current_user",
          "current_role",
          "session_user",
          "user");

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private final Database database;

  public AnalystLogins(Database database) {
    this.database = database;
  }

  /**
   * Creates the login {@code name} in {@value #ROLE} with {@code password}, or, when a role of that
   * name exists, gives it that password and puts it back in shape (LOGIN, INHERIT, no CREATEDB or
   * CREATEROLE, member of {@value #ROLE}). Either way its sessions are read-only by default and
   * stop a statement after {@value #STATEMENT_TIMEOUT}. One transaction: on any failure nothing
   * changes. The caller keeps (and clears) {@code password}.
   */
  public AnalystLogin grant(String name, char[] password) {
    requireValidName(name);
    requireNotTheOwner(name);
    requireValidPassword(name, password);
    boolean created;
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        created = grant(connection, name, password);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
        throw new BadInputException(
            "the database user '"
                + database.user()
                + "' may not create or change the login '"
                + name
                + "' ("
                + e.getMessage()
                + "). "
                + privilegeAdvice(database.user()),
            e);
      }
      throw new DatabaseUnavailableException(
          "cannot create the analyst login '" + name + "': " + e.getMessage(), e);
    }
    String url = DatabaseConfig.withoutCredentials(database.jdbcUrl());
    return new AnalystLogin(name, created, url, psqlCommand(url, name));
  }

  /**
   * Refuses a name that is not a plain lower-case identifier, or that PostgreSQL or stockpipe
   * itself uses; what can be checked before connecting (the CLI checks it before asking for a
   * password). {@link #grant} also refuses the user stockpipe connects as.
   */
  public static void requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new BadInputException(
          "analyst login name '"
              + name
              + "' is not allowed: use lower-case letters, digits and _, starting with a letter"
              + " or _, at most 63 characters (e.g. alice or bi_tableau)");
    }
    if (name.startsWith("pg_")) {
      throw new BadInputException(
          "analyst login name '" + name + "' is not allowed: PostgreSQL reserves names with pg_");
    }
    if (RESERVED.contains(name)) {
      throw new BadInputException(
          "analyst login name '"
              + name
              + "' is not allowed: it is a role of PostgreSQL or of stockpipe itself; choose"
              + " another name");
    }
  }

  private void requireNotTheOwner(String name) {
    if (name.equals(database.user().toLowerCase(Locale.ROOT))) {
      throw new BadInputException(
          "analyst login name '"
              + name
              + "' is the user stockpipe connects as (the schema's owner); choose another name");
    }
  }

  private static void requireValidPassword(String name, char[] password) {
    if (password == null || password.length == 0) {
      throw new BadInputException("the password for analyst login '" + name + "' is empty");
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new BadInputException(
          "the password for analyst login '"
              + name
              + "' is shorter than "
              + MIN_PASSWORD_LENGTH
              + " characters");
    }
    for (char c : password) {
      if (c == 0) {
        throw new BadInputException(
            "the password for analyst login '" + name + "' holds a NUL character");
      }
    }
  }

  private boolean grant(Connection connection, String name, char[] password) throws SQLException {
    requireRoleAndPrivileges(connection);
    String quoted = quoteIdentifier(name);
    Optional<List<String>> changes = existingRoleChanges(connection, name);
    boolean exists = changes.isPresent();
    if (!exists) {
      execute(
          connection,
          "CREATE ROLE "
              + quoted
              + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS");
    } else if (!changes.get().isEmpty()) {
      execute(connection, "ALTER ROLE " + quoted + " " + String.join(" ", changes.get()));
    }
    // INHERIT, so that the login has the group's SELECT grants without SET ROLE; on PostgreSQL 16
    // the membership has its own inherit option, which a rerun also mends.
    execute(
        connection,
        "GRANT "
            + ROLE
            + " TO "
            + quoted
            + (serverVersion(connection) >= 160000 ? " WITH INHERIT TRUE" : ""));
    execute(connection, "ALTER ROLE " + quoted + " SET default_transaction_read_only = on");
    execute(
        connection,
        "ALTER ROLE " + quoted + " SET statement_timeout = '" + STATEMENT_TIMEOUT + "'");
    connection.unwrap(PGConnection.class).alterUserPassword(name, password, "scram-sha-256");
    try (PreparedStatement check =
        connection.prepareStatement("SELECT pg_has_role(?, '" + ROLE + "', 'USAGE')")) {
      check.setString(1, name);
      try (ResultSet result = check.executeQuery()) {
        if (!result.next() || !result.getBoolean(1)) {
          throw new IllegalStateException(name + " does not inherit the grants of " + ROLE);
        }
      }
    }
    return !exists;
  }

  /**
   * What an existing role {@code name} needs to become an analyst login (only what differs:
   * PostgreSQL 16 refuses some attributes to a non-superuser even when they would not change), or
   * empty when there is no such role. Refuses a role that can do more than an analyst login.
   */
  private static Optional<List<String>> existingRoleChanges(Connection connection, String name)
      throws SQLException {
    List<String> changes = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT rolsuper, rolreplication, rolbypassrls, rolcanlogin, rolcreatedb,"
                + " rolcreaterole, rolinherit FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, name);
      try (ResultSet role = query.executeQuery()) {
        if (!role.next()) {
          return Optional.empty();
        }
        if (role.getBoolean("rolsuper")
            || role.getBoolean("rolreplication")
            || role.getBoolean("rolbypassrls")) {
          throw new BadInputException(
              "'"
                  + name
                  + "' is a role with SUPERUSER, REPLICATION or BYPASSRLS, not an analyst login;"
                  + " choose another name");
        }
        if (!role.getBoolean("rolcanlogin")) {
          changes.add("LOGIN");
        }
        if (role.getBoolean("rolcreatedb")) {
          changes.add("NOCREATEDB");
        }
        if (role.getBoolean("rolcreaterole")) {
          changes.add("NOCREATEROLE");
        }
        if (!role.getBoolean("rolinherit")) {
          changes.add("INHERIT");
        }
      }
    }
    List<String> otherGroups = otherGroups(connection, name);
    if (!otherGroups.isEmpty()) {
      throw new BadInputException(
          "'"
              + name
              + "' is also a member of "
              + String.join(", ", otherGroups)
              + ", so it can do more than an analyst login; choose another name, or revoke"
              + " those first");
    }
    return Optional.of(changes);
  }

  private void requireRoleAndPrivileges(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT r.rolsuper, r.rolcreaterole,"
                    + " EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
                    + ROLE
                    + "') FROM pg_roles r WHERE r.rolname = current_user")) {
      row.next();
      boolean superuser = row.getBoolean(1);
      boolean createRole = row.getBoolean(2);
      if (!row.getBoolean(3)) {
        throw new BadInputException(
            "the role "
                + ROLE
                + " does not exist on this server: run 'stockpipe db migrate' as a user that may"
                + " create roles, or have an administrator run CREATE ROLE "
                + ROLE
                + " NOLOGIN and then migrate again (which grants it the views)");
      }
      if (superuser) {
        return;
      }
      if (!createRole) {
        throw new BadInputException(
            "the database user '"
                + database.user()
                + "' may not create roles. "
                + privilegeAdvice(database.user()));
      }
    }
    if (serverVersion(connection) >= 160000) {
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT pg_has_role(current_user, '" + ROLE + "', 'MEMBER WITH ADMIN OPTION')")) {
        try (ResultSet row = query.executeQuery()) {
          row.next();
          if (!row.getBoolean(1)) {
            throw new BadInputException(
                "the database user '"
                    + database.user()
                    + "' may create roles but not grant "
                    + ROLE
                    + ". "
                    + privilegeAdvice(database.user()));
          }
        }
      }
    }
  }

  private static String privilegeAdvice(String user) {
    String quoted = quoteIdentifier(user);
    return "Ask an administrator for CREATEROLE and the right to grant "
        + ROLE
        + " (ALTER ROLE "
        + quoted
        + " CREATEROLE; GRANT "
        + ROLE
        + " TO "
        + quoted
        + " WITH ADMIN OPTION), or to run 'stockpipe db grant-analyst' as a superuser";
  }

  private static List<String> otherGroups(Connection connection, String name) throws SQLException {
    List<String> groups = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT g.rolname FROM pg_auth_members m"
                + " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                + " WHERE u.rolname = ? AND g.rolname <> '"
                + ROLE
                + "' ORDER BY 1")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          groups.add(rows.getString(1));
        }
      }
    }
    return groups;
  }

  private static int serverVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW server_version_num")) {
      row.next();
      return Integer.parseInt(row.getString(1).strip());
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** An identifier quoted as quote_ident would (always quoted: the names are checked anyway). */
  static String quoteIdentifier(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /**
   * The psql line that reaches the database of {@code jdbcUrl} as {@code login}: host, port and
   * database as the driver reads them from the URL (several hosts stay a comma list, which psql
   * takes too).
   */
  static String psqlCommand(String jdbcUrl, String login) {
    Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
    if (parsed == null) {
      return "psql -U " + login + "  (host, port and database as in " + jdbcUrl + ")";
    }
    return "psql -h "
        + shellWord(parsed.getProperty("PGHOST", "localhost"))
        + " -p "
        + shellWord(parsed.getProperty("PGPORT", "5432"))
        + " -U "
        + login
        + " -d "
        + shellWord(parsed.getProperty("PGDBNAME", ""));
  }

  private static String shellWord(String word) {
    return word.matches("[A-Za-z0-9._,:/\\[\\]-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
