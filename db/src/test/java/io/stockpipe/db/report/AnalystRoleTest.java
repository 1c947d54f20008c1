package io.stockpipe.db.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.stockpipe.db.Database;
import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * The role stockpipe_analyst as an analyst meets it: a plain login in it (made here by the test
 * superuser, without the read-only defaults that {@code db grant-analyst} adds, so that the grants
 * alone are what refuses) reads every view of report and nothing else, and writes and creates
 * nothing. Each refusal is checked by its SQLState: 42501 is insufficient_privilege.
 */
@ExtendWith(PostgresExtension.class)
class AnalystRoleTest {
  private static final String LOGIN = "report_test_analyst";
  private static final String PASSWORD = "analyst-test-Secret-1";
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private Database database;

  @BeforeEach
  void createLogin(Database database) throws SQLException {
    this.database = database;
    execute("DROP ROLE IF EXISTS " + LOGIN);
    execute(
        "CREATE ROLE " + LOGIN + " LOGIN PASSWORD '" + PASSWORD + "' IN ROLE stockpipe_analyst");
  }

  @AfterEach
  void dropLogin() throws SQLException {
    execute("DROP ROLE IF EXISTS " + LOGIN);
  }

  @Test
  void theLoginAuthenticatesWithScram() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
      query.setString(1, LOGIN);
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).startsWith("SCRAM-SHA-256$");
      }
    }
    try (Connection analyst = analyst();
        Statement statement = analyst.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT current_user")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo(LOGIN);
      }
    }
    Properties wrong = new Properties();
    wrong.setProperty("user", LOGIN);
    wrong.setProperty("password", "not-" + PASSWORD);
    try (Connection ignored = DriverManager.getConnection(url(), wrong)) {
      fail("logged in with a wrong password");
    } catch (SQLException e) {
      assertThat(e.getSQLState()).isEqualTo("28P01");
    }
  }

  @Test
  void readsEveryViewOfReport() throws SQLException {
    execute(fixture());
    List<String> views = relations("n.nspname = 'report'");
    assertThat(views).hasSizeGreaterThanOrEqualTo(8);
    try (Connection analyst = analyst();
        Statement statement = analyst.createStatement()) {
      for (String view : views) {
        try (ResultSet rows = statement.executeQuery("SELECT * FROM " + view + " LIMIT 5")) {
          assertThat(rows.next()).as("a row of %s, read as the analyst", view).isTrue();
        }
      }
    }
  }

  @Test
  void writesNothingInReport() throws SQLException {
    List<Relation> views = relationsWithColumn("n.nspname = 'report'");
    try (Connection analyst = analyst()) {
      for (Relation view : views) {
        for (String write : writes(view)) {
          // A view that is not automatically updatable is refused before its privileges are
          // checked: "cannot insert into view" (55000), "is not a table" for TRUNCATE (42809).
          assertThat(refusal(analyst, write))
              .as("%s as the analyst", write)
              .isIn(INSUFFICIENT_PRIVILEGE, "55000", "42809");
        }
      }
    }
    for (Relation view : views) {
      for (String privilege : List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER")) {
        assertThat(hasTablePrivilege(view.name(), privilege))
            .as("%s on %s", privilege, view.name())
            .isFalse();
      }
      assertThat(hasTablePrivilege(view.name(), "SELECT")).as("SELECT on %s", view.name()).isTrue();
    }
    // report.models reads one table and so is updatable: there the privilege itself refuses.
    try (Connection analyst = analyst()) {
      assertThat(refusal(analyst, "DELETE FROM report.models")).isEqualTo(INSUFFICIENT_PRIVILEGE);
      assertThat(refusal(analyst, "UPDATE report.models SET status = 'active'"))
          .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }
  }

  @Test
  void readsAndWritesNoTableOrViewOutsideReport() throws SQLException {
    List<Relation> outside = relationsWithColumn(OUTSIDE_REPORT);
    assertThat(outside)
        .extracting(Relation::name)
        .contains(
            "public.model_registry",
            "public.price_bar",
            "public.prediction_provenance",
            "public.flyway_schema_history",
            "public.qrtz_triggers",
            "public.baseline_score_daily",
            "public.ingest_run_id_seq");
    try (Connection analyst = analyst()) {
      for (Relation relation : outside) {
        assertThat(refusal(analyst, "SELECT * FROM " + relation.name() + " LIMIT 0"))
            .as("SELECT on %s (%s) as the analyst", relation.name(), relation.kind())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        if (relation.kind().equals("r") || relation.kind().equals("p")) {
          for (String write : writes(relation)) {
            assertThat(refusal(analyst, write))
                .as("%s as the analyst", write)
                .isEqualTo(INSUFFICIENT_PRIVILEGE);
          }
        }
      }
      assertThat(refusal(analyst, "SELECT model_bytes FROM public.model_registry"))
          .isEqualTo(INSUFFICIENT_PRIVILEGE);
      assertThat(refusal(analyst, "SELECT nextval('public.ingest_run_id_seq')"))
          .isEqualTo(INSUFFICIENT_PRIVILEGE);
      // The view of the registry leaves the bytes out altogether.
      assertThat(refusal(analyst, "SELECT model_bytes FROM report.models")).isEqualTo("42703");
    }
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT has_column_privilege(?, 'public.model_registry', 'model_bytes', 'SELECT')")) {
      query.setString(1, LOGIN);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertThat(rows.getBoolean(1)).isFalse();
      }
    }
  }

  @Test
  void createsNothingInReportOrPublic() throws SQLException {
    try (Connection analyst = analyst()) {
      for (String create :
          List.of(
              "CREATE TABLE report.scratch (i int)",
              "CREATE VIEW report.scratch AS SELECT 1 AS i",
              "CREATE TABLE public.scratch (i int)",
              "CREATE TABLE scratch (i int)",
              "CREATE FUNCTION report.scratch() RETURNS int LANGUAGE sql RETURN 1",
              "CREATE SCHEMA scratch")) {
        assertThat(refusal(analyst, create))
            .as("%s as the analyst", create)
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }
  }

  private static final String OUTSIDE_REPORT =
      "n.nspname NOT IN ('pg_catalog', 'information_schema', 'report')"
          + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

  /**
   * A table, view or sequence, quoted, with its kind (pg_class.relkind) and a column that an UPDATE
   * may set (the last one that is neither an identity nor generated: setting those is refused for
   * that reason, 428C9, before the privilege is checked).
   */
  private record Relation(String name, String kind, String column) {}

  private static List<String> writes(Relation relation) {
    return List.of(
        "INSERT INTO " + relation.name() + " DEFAULT VALUES",
        "UPDATE "
            + relation.name()
            + " SET "
            + relation.column()
            + " = "
            + relation.column()
            + " WHERE false",
        "DELETE FROM " + relation.name() + " WHERE false",
        "TRUNCATE " + relation.name());
  }

  private List<String> relations(String where) throws SQLException {
    return relationsWithColumn(where).stream().map(Relation::name).toList();
  }

  private List<Relation> relationsWithColumn(String where) throws SQLException {
    List<Relation> relations = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind::text,"
                    + " (SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = c.oid"
                    + " AND a.attnum > 0 AND NOT a.attisdropped"
                    + " ORDER BY (a.attidentity <> '' OR a.attgenerated <> ''), a.attnum DESC"
                    + " LIMIT 1)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND "
                    + where
                    + " ORDER BY 1")) {
      while (rows.next()) {
        relations.add(new Relation(rows.getString(1), rows.getString(2), rows.getString(3)));
      }
    }
    return relations;
  }

  private boolean hasTablePrivilege(String relation, String privilege) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT has_table_privilege(?, ?::regclass, ?)")) {
      query.setString(1, LOGIN);
      query.setString(2, relation);
      query.setString(3, privilege);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }

  /** The SQLState {@code sql} fails with, run alone; fails the test when it succeeds. */
  private static String refusal(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      return e.getSQLState();
    }
    return fail("the analyst could run: " + sql);
  }

  private static Connection analyst() throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", LOGIN);
    login.setProperty("password", PASSWORD);
    return DriverManager.getConnection(url(), login);
  }

  private static String url() {
    return DatabaseConfig.withoutCredentials(TestDatabase.jdbcUrl());
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String fixture() {
    try (InputStream in =
        AnalystRoleTest.class.getClassLoader().getResourceAsStream("report/fixture.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
