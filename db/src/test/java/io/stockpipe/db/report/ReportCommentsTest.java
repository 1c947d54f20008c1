package io.stockpipe.db.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analysts read the schema report with {@code \d+} and their BI tool's column help: every view,
 * every column of it and every function there says what it is (pg_description). A view or column
 * added without a COMMENT fails here.
 */
@ExtendWith(PostgresExtension.class)
class ReportCommentsTest {
  private static final String RELATIONS =
      " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = 'report' AND c.relkind IN ('v', 'm', 'r', 'p', 'f')";

  private static final String UNCOMMENTED_RELATIONS =
      "SELECT c.relname"
          + RELATIONS
          + " AND coalesce(btrim((SELECT d.description FROM pg_description d"
          + " WHERE d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0)),"
          + " '') = '' ORDER BY 1";

  private static final String UNCOMMENTED_COLUMNS =
      "SELECT c.relname || '.' || a.attname"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
          + " WHERE n.nspname = 'report' AND c.relkind IN ('v', 'm', 'r', 'p', 'f')"
          + " AND coalesce(btrim((SELECT d.description FROM pg_description d"
          + " WHERE d.objoid = c.oid AND d.classoid = 'pg_class'::regclass"
          + " AND d.objsubid = a.attnum)), '') = '' ORDER BY 1";

  private static final String UNCOMMENTED_FUNCTIONS =
      "SELECT p.oid::regprocedure::text FROM pg_proc p"
          + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'report'"
          + " AND coalesce(btrim(obj_description(p.oid, 'pg_proc')), '') = '' ORDER BY 1";

  @Test
  void everyViewEveryColumnAndEveryFunctionOfReportHasAComment(Database database)
      throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      assertThat(strings(connection, "SELECT c.relname" + RELATIONS))
          .as("the views of report")
          .contains("latest_predictions", "model_scorecard", "data_quality", "daily_prices");
      assertThat(strings(connection, UNCOMMENTED_RELATIONS))
          .as("views of report without a comment")
          .isEmpty();
      assertThat(strings(connection, UNCOMMENTED_COLUMNS))
          .as("columns of report's views without a comment")
          .isEmpty();
      assertThat(strings(connection, UNCOMMENTED_FUNCTIONS))
          .as("functions of report without a comment")
          .isEmpty();
    }
  }

  /** The checks are no tautology: a view, a column and a function without comments are found. */
  @Test
  void anUncommentedViewColumnOrFunctionIsFound(Database database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE VIEW report.half_commented AS SELECT 1 AS told, 2 AS untold");
        statement.execute("COMMENT ON COLUMN report.half_commented.told IS 'One.'");
        statement.execute("CREATE VIEW report.blank AS SELECT 1 AS one");
        statement.execute("COMMENT ON VIEW report.blank IS ' '");
        statement.execute("COMMENT ON COLUMN report.blank.one IS 'One.'");
        statement.execute("CREATE FUNCTION report.untold() RETURNS int LANGUAGE sql RETURN 1");
        assertThat(strings(connection, UNCOMMENTED_RELATIONS))
            .containsExactly("blank", "half_commented");
        assertThat(strings(connection, UNCOMMENTED_COLUMNS))
            .containsExactly("half_commented.untold");
        assertThat(strings(connection, UNCOMMENTED_FUNCTIONS)).containsExactly("report.untold()");
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
  }

  private static List<String> strings(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
