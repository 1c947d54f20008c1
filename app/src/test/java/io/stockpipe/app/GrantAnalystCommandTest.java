package io.stockpipe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code db grant-analyst NAME} as an operator runs it: the password from {@code
 * STOCKPIPE_ANALYST_PASSWORD} (handed to the command as its environment), the lines that tell the
 * analyst how to connect, and a login that then reads the report views and nothing else.
 */
@ExtendWith(PostgresExtension.class)
class GrantAnalystCommandTest {
  private static final String PASSWORD = "cli-Secret-Password-1";
  private static final String NEW_PASSWORD = "cli-Secret-Password-2";

  @TempDir Path home;

  @AfterEach
  void dropTestRoles() throws SQLException {
    List<String> roles = new ArrayList<>();
    try (Connection connection = TestDatabase.get().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT quote_ident(rolname) FROM pg_roles WHERE rolname LIKE 'analyst\\_c\\_%'")) {
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
  void createsTheLoginThenChangesItsPassword() throws SQLException {
    Cli created =
        grantAnalyst(
            Map.of("STOCKPIPE_ANALYST_PASSWORD", PASSWORD),
            "db",
            "grant-analyst",
            "analyst_c_alice",
            "--db-url=" + TestDatabase.jdbcUrl(),
            "--home=" + home);

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out())
        .contains(
            "created analyst login analyst_c_alice: member of stockpipe_analyst",
            "psql:    psql -h localhost -p ",
            " -U analyst_c_alice -d stockpipe   (asks for the password)",
            "JDBC:    jdbc:postgresql://localhost:",
            "/stockpipe   (user analyst_c_alice; the password is not in the URL)")
        .doesNotContain(PASSWORD, TestDatabase.password(), "password=");
    String url = jdbcUrlIn(created.out());
    try (Connection analyst = connect(url, "analyst_c_alice", PASSWORD);
        Statement statement = analyst.createStatement()) {
      statement.executeQuery("SELECT * FROM report.latest_predictions").close();
      try {
        statement.executeQuery("SELECT * FROM symbol").close();
        fail("the analyst read the table symbol");
      } catch (SQLException e) {
        assertThat(e.getSQLState()).isEqualTo("42501");
      }
    }

    Cli changed =
        grantAnalyst(
            Map.of("STOCKPIPE_ANALYST_PASSWORD", NEW_PASSWORD),
            "db",
            "grant-analyst",
            "analyst_c_alice",
            "--db-url=" + TestDatabase.jdbcUrl(),
            "--home=" + home);
    assertThat(changed.exitCode()).as(changed.err()).isZero();
    assertThat(changed.out()).contains("new password for analyst login analyst_c_alice");
    try (Connection ignored = connect(url, "analyst_c_alice", PASSWORD)) {
      fail("the old password still logs in");
    } catch (SQLException e) {
      assertThat(e.getSQLState()).isEqualTo("28P01");
    }
    connect(url, "analyst_c_alice", NEW_PASSWORD).close();
  }

  @Test
  void withoutTheVariableAndWithoutATerminalItSaysToSetIt() {
    assumeTrue(System.console() == null, "the tests run without a terminal");
    Cli refused =
        grantAnalyst(
            Map.of(),
            "db",
            "grant-analyst",
            "analyst_c_bob",
            "--db-url=" + TestDatabase.jdbcUrl(),
            "--home=" + home);

    assertThat(refused.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(refused.err())
        .startsWith("error: ")
        .contains("analyst_c_bob", "set STOCKPIPE_ANALYST_PASSWORD");
  }

  @Test
  void aBadNameIsRefusedBeforeAnyPasswordIsAskedFor() {
    for (String name : List.of("postgres", "stockpipe_reader", "Bob", "bob;drop")) {
      Cli refused =
          grantAnalyst(
              Map.of(),
              "db",
              "grant-analyst",
              name,
              "--db-url=" + TestDatabase.jdbcUrl(),
              "--home=" + home);
      assertThat(refused.exitCode()).as(name).isEqualTo(Main.EXIT_BAD_INPUT);
      assertThat(refused.err())
          .as(name)
          .startsWith("error: analyst login name '" + name + "' is not allowed")
          .doesNotContain("STOCKPIPE_ANALYST_PASSWORD");
    }
  }

  @Test
  void theHelpOffersNoPasswordFlag() {
    Cli help = grantAnalyst(Map.of(), "db", "grant-analyst", "--help");
    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).contains("STOCKPIPE_ANALYST_PASSWORD", "NAME");
    assertThat(help.out().lines().filter(line -> line.strip().startsWith("--password"))).isEmpty();
  }

  /** On the embedded server of a home: migrated by the command, reached on localhost. */
  @Test
  void worksOnTheEmbeddedServer() throws SQLException {
    int port = TestDatabase.freePort();
    String[] where = {"--home", home.toString(), "--db-port", "" + port};
    Cli start = Cli.run(concat(where, "db", "start"));
    assertThat(start.exitCode()).as(start.err()).isZero();
    try {
      Cli granted =
          grantAnalyst(
              Map.of("STOCKPIPE_ANALYST_PASSWORD", PASSWORD),
              concat(where, "db", "grant-analyst", "analyst_c_carol"));
      assertThat(granted.exitCode()).as(granted.err()).isZero();
      assertThat(granted.out())
          .contains(
              "psql:    psql -h localhost -p " + port + " -U analyst_c_carol -d stockpipe",
              "JDBC:    jdbc:postgresql://localhost:" + port + "/stockpipe ",
              "server:  embedded, localhost only");
      try (Connection analyst =
              connect(
                  "jdbc:postgresql://localhost:" + port + "/stockpipe",
                  "analyst_c_carol",
                  PASSWORD);
          Statement statement = analyst.createStatement();
          ResultSet rows = statement.executeQuery("SELECT count(*) FROM report.models")) {
        rows.next();
        assertThat(rows.getLong(1)).isZero();
      }
    } finally {
      assertThat(Cli.run(concat(where, "db", "stop")).out()).contains("stopped");
    }
  }

  /** Runs the command line with {@code environment} as the grant-analyst command's environment. */
  private static Cli grantAnalyst(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    DbCommand.GrantAnalyst command =
        commandLine.getSubcommands().get("db").getSubcommands().get("grant-analyst").getCommand();
    command.environment = environment;
    int exitCode = commandLine.execute(args);
    return new Cli(exitCode, out.toString(), err.toString());
  }

  private static String jdbcUrlIn(String out) {
    return out.lines()
        .filter(line -> line.startsWith("JDBC:"))
        .map(line -> line.substring("JDBC:".length()).strip().split("\\s+")[0])
        .findFirst()
        .orElseThrow();
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", user);
    login.setProperty("password", password);
    return DriverManager.getConnection(DatabaseConfig.withoutCredentials(url), login);
  }

  /** The command, then the options of where its database is. */
  private static String[] concat(String[] where, String... command) {
    String[] all = new String[command.length + where.length];
    System.arraycopy(command, 0, all, 0, command.length);
    System.arraycopy(where, 0, all, command.length, where.length);
    return all;
  }
}
