package io.stockpipe.db.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.errors.BadInputException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Analyst logins made on the test server, logged in with the password they were given. Roles are
 * the server's, not the database's: each test drops the ones it made (all named analyst_t_…).
 */
@ExtendWith(PostgresExtension.class)
class AnalystLoginsTest {
  private static final String PASSWORD = "first-Secret-42";
  private static final String NEW_PASSWORD = "second-Secret-43";

  private Database database;
  private AnalystLogins logins;

  @BeforeEach
  void setUp(Database database) throws SQLException {
    this.database = database;
    this.logins = new AnalystLogins(database);
    dropTestRoles();
  }

  @AfterEach
  void dropTestRoles() throws SQLException {
    List<String> roles = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      // Newest first: a login made by a test owner goes before that owner.
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT quote_ident(rolname) FROM pg_roles WHERE rolname LIKE 'analyst\\_t\\_%'"
                  + " ORDER BY oid DESC")) {
        while (rows.next()) {
          roles.add(rows.getString(1));
        }
      }
      for (String role : roles) {
        statement.execute("DROP ROLE " + role);
      }
    }
  }

  @Test
  void aNewLoginReadsTheReportViewsAndNothingElse() throws SQLException {
    AnalystLogin login = logins.grant("analyst_t_alice", PASSWORD.toCharArray());

    assertThat(login.created()).isTrue();
    assertThat(login.jdbcUrl())
        .startsWith("jdbc:postgresql://localhost:")
        .endsWith("/stockpipe")
        .doesNotContain(TestDatabase.password());
    assertThat(login.psqlCommand())
        .matches("psql -h localhost -p \\d+ -U analyst_t_alice -d stockpipe");
    try (Connection analyst = connect(login.jdbcUrl(), "analyst_t_alice", PASSWORD);
        Statement statement = analyst.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT count(*) FROM report.trading_day WHERE trade_date < '2000-01-01'")) {
        rows.next();
        assertThat(rows.getLong(1)).isPositive();
      }
      statement.executeQuery("SELECT * FROM report.latest_predictions").close();
      assertThat(refusal(analyst, "SELECT * FROM price_bar")).isEqualTo("42501");
      assertThat(refusal(analyst, "SELECT * FROM model_registry")).isEqualTo("42501");
      assertThat(setting(analyst, "default_transaction_read_only")).isEqualTo("on");
      assertThat(setting(analyst, "statement_timeout")).isEqualTo("5min");
      // Read-only sessions by default: even a temporary table is refused.
      assertThat(refusal(analyst, "CREATE TEMP TABLE scratch (i int)")).isEqualTo("25006");
    }
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT rolcanlogin, rolinherit, rolsuper, rolcreatedb, rolcreaterole,"
                    + " rolreplication, rolbypassrls,"
                    + " pg_has_role(rolname, 'stockpipe_analyst', 'USAGE'),"
                    + " (SELECT rolpassword FROM pg_authid a WHERE a.oid = r.oid)"
                    + " FROM pg_roles r WHERE rolname = ?")) {
      query.setString(1, "analyst_t_alice");
      try (ResultSet role = query.executeQuery()) {
        assertThat(role.next()).isTrue();
        assertThat(role.getBoolean(1)).as("LOGIN").isTrue();
        assertThat(role.getBoolean(2)).as("INHERIT").isTrue();
        for (int column = 3; column <= 7; column++) {
          assertThat(role.getBoolean(column)).as("attribute %d", column).isFalse();
        }
        assertThat(role.getBoolean(8)).as("inherits stockpipe_analyst").isTrue();
        assertThat(role.getString(9)).startsWith("SCRAM-SHA-256$").doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void aRerunChangesThePasswordAndTheOldOneNoLongerWorks() throws SQLException {
    String url = logins.grant("analyst_t_bob", PASSWORD.toCharArray()).jdbcUrl();
    AnalystLogin again = logins.grant("analyst_t_bob", NEW_PASSWORD.toCharArray());

    assertThat(again.created()).isFalse();
    try (Connection ignored = connect(url, "analyst_t_bob", PASSWORD)) {
      fail("the old password still logs in");
    } catch (SQLException e) {
      assertThat(e.getSQLState()).isEqualTo("28P01");
    }
    try (Connection analyst = connect(url, "analyst_t_bob", NEW_PASSWORD);
        Statement statement = analyst.createStatement()) {
      statement.executeQuery("SELECT * FROM report.data_quality").close();
    }
  }

  @Test
  void aRerunMendsARoleThatCannotLogInOrInherit() throws SQLException {
    execute("CREATE ROLE analyst_t_carol NOLOGIN NOINHERIT CREATEDB");

    assertThat(logins.grant("analyst_t_carol", PASSWORD.toCharArray()).created()).isFalse();
    try (Connection analyst = connect(url(), "analyst_t_carol", PASSWORD);
        Statement statement = analyst.createStatement()) {
      statement.executeQuery("SELECT * FROM report.models").close();
      // Read-only is the session's default, which the analyst may change; CREATEDB is gone.
      statement.execute("SET default_transaction_read_only = off");
      assertThat(refusal(analyst, "CREATE DATABASE analyst_t_db")).isEqualTo("42501");
    }
  }

  @Test
  void namesThatAreNotPlainOrBelongToStockpipeAreRefused() throws SQLException {
    for (String name :
        List.of(
            "Alice",
            "a-b",
            "1abc",
            "",
            "x".repeat(64),
            "alice\"; DROP TABLE price_bar; --",
            "pg_alice",
            "postgres",
            "stockpipe_reader",
            "stockpipe_analyst",
            "public")) {
      assertThatThrownBy(() -> logins.grant(name, PASSWORD.toCharArray()))
          .as("name %s", name)
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageNotContaining(PASSWORD);
    }
    assertThatThrownBy(() -> logins.grant(null, PASSWORD.toCharArray()))
        .isInstanceOf(BadInputException.class);
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname ILIKE '%alice%'")) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
  }

  @Test
  void rolesThatCanDoMoreThanReadAreNotTurnedIntoAnalysts() throws SQLException {
    execute("CREATE ROLE analyst_t_root SUPERUSER");
    execute("CREATE ROLE analyst_t_reader LOGIN IN ROLE stockpipe_reader");

    assertThatThrownBy(() -> logins.grant("analyst_t_root", PASSWORD.toCharArray()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("SUPERUSER");
    assertThatThrownBy(() -> logins.grant("analyst_t_reader", PASSWORD.toCharArray()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("stockpipe_reader");
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT pg_has_role('analyst_t_reader', 'stockpipe_analyst', 'MEMBER')")) {
      rows.next();
      assertThat(rows.getBoolean(1)).as("the refusal changed nothing").isFalse();
    }
  }

  @Test
  void emptyOrShortPasswordsAreRefused() {
    assertThatThrownBy(() -> logins.grant("analyst_t_dave", new char[0]))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> logins.grant("analyst_t_dave", "short".toCharArray()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("shorter than 8")
        .hasMessageNotContaining("short'");
  }

  /**
   * An external server's operator account without CREATEROLE is told which privilege to ask for;
   * with CREATEROLE and ADMIN OPTION on stockpipe_analyst, it makes logins without being a
   * superuser.
   */
  @Test
  void aUserWhoMayNotCreateRolesIsToldWhatToAskFor() throws SQLException {
    execute("CREATE ROLE analyst_t_owner LOGIN PASSWORD '" + PASSWORD + "'");
    try (Database owner = Database.connect(url(), "analyst_t_owner", PASSWORD)) {
      AnalystLogins ownerLogins = new AnalystLogins(owner);
      assertThatThrownBy(() -> ownerLogins.grant("analyst_t_erin", NEW_PASSWORD.toCharArray()))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("'analyst_t_owner' may not create roles")
          .hasMessageContaining("CREATEROLE")
          .hasMessageNotContaining(NEW_PASSWORD);
      assertThatThrownBy(() -> ownerLogins.grant("analyst_t_owner", NEW_PASSWORD.toCharArray()))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("the user stockpipe connects as");

      execute("ALTER ROLE analyst_t_owner CREATEROLE");
      assertThatThrownBy(() -> ownerLogins.grant("analyst_t_erin", NEW_PASSWORD.toCharArray()))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("may create roles but not grant stockpipe_analyst")
          .hasMessageContaining("WITH ADMIN OPTION");

      execute("GRANT stockpipe_analyst TO analyst_t_owner WITH ADMIN OPTION");
      AnalystLogin erin = ownerLogins.grant("analyst_t_erin", NEW_PASSWORD.toCharArray());
      assertThat(erin.created()).isTrue();
      assertThat(ownerLogins.grant("analyst_t_erin", PASSWORD.toCharArray()).created()).isFalse();
    }
    try (Connection analyst = connect(url(), "analyst_t_erin", PASSWORD);
        Statement statement = analyst.createStatement()) {
      statement.executeQuery("SELECT * FROM report.job_runs").close();
      assertThat(setting(analyst, "statement_timeout")).isEqualTo("5min");
    }
  }

  @Test
  void thePsqlLineFollowsTheUrl() {
    assertThat(
            AnalystLogins.psqlCommand(
                "jdbc:postgresql://db.example.com:6543/prices?ssl=true", "ann"))
        .isEqualTo("psql -h db.example.com -p 6543 -U ann -d prices");
    assertThat(AnalystLogins.psqlCommand("jdbc:postgresql://db.example.com/prices", "ann"))
        .isEqualTo("psql -h db.example.com -p 5432 -U ann -d prices");
    assertThat(AnalystLogins.psqlCommand("jdbc:postgresql://a:1,b:2/my%20db", "ann"))
        .isEqualTo("psql -h a,b -p 1,2 -U ann -d 'my db'");
  }

  private static String url() {
    return DatabaseConfig.withoutCredentials(TestDatabase.jdbcUrl());
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", user);
    login.setProperty("password", password);
    return DriverManager.getConnection(url, login);
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static String refusal(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      return e.getSQLState();
    }
    return fail("could run: " + sql);
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
