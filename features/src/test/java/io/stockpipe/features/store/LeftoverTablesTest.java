package io.stockpipe.features.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tables of a full build that died are dropped by the next full build at once, with a warning
 * naming each and its size; those of a build still running are left alone, however old.
 */
@ExtendWith(PostgresExtension.class)
class LeftoverTablesTest {
  private static final String VERSION = "v1-0123456789ab";
  private static final WriteScope ALL = new WriteScope(null, null, List.of());

  @Test
  void theNextBuildDropsADeadBuildsTablesAndLeavesARunningOnesAlone(Database database)
      throws SQLException {
    // A build still loading, on another connection, whose tables are a day old by their name.
    FeatureStore running = new FeatureStore(database.dataSource());
    BuildTarget alive = running.open(uuid(), VERSION, ALL);
    String oldName = alive.featureTable().replaceFirst("_build_[0-9]+_", "_build_1000000000_");
    execute(database, "ALTER TABLE " + alive.featureTable() + " RENAME TO " + oldName);

    // A build in another process that is killed while loading: its sessions, and so its lock, end
    // with it (as the server sees a kill -9); its tables stay.
    String url = TestDatabase.jdbcUrl();
    BuildTarget dead;
    try (Database otherProcess =
        Database.connect(
            url + (url.contains("?") ? "&" : "?") + "ApplicationName=killed-build",
            "postgres",
            "")) {
      dead = new FeatureStore(otherProcess.dataSource()).open(uuid(), VERSION, ALL);
      execute(
          database,
          "INSERT INTO "
              + dead.featureTable()
              + " SELECT '"
              + VERSION
              + "', 'S' || i, DATE '2020-01-01' + i, ARRAY[i]::float8[]"
              + " FROM generate_series(1, 20000) i");
      execute(
          database,
          "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
              + " WHERE application_name = 'killed-build'");
    }
    FeatureStore next = new FeatureStore(database.dataSource());
    BuildTarget nextTarget;
    List<String> logged;
    try (CapturedLog log = new CapturedLog(ReplacementTables.class)) {
      nextTarget = next.open(uuid(), VERSION, ALL);
      logged = log.lines();
    }

    assertThat(tables(database))
        .containsExactlyInAnyOrder(
            oldName, alive.labelTable(), nextTarget.featureTable(), nextTarget.labelTable());
    assertThat(logged)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("WARN dropping " + dead.featureTable() + " (")
                    .containsPattern("\\([0-9]+ (kB|MB)\\)")
                    .contains("died before swapping it in"))
        .anySatisfy(
            line -> assertThat(line).startsWith("WARN dropping " + dead.labelTable() + " ("))
        .anySatisfy(
            line -> assertThat(line).startsWith("INFO left " + oldName).contains("still runs"))
        .noneSatisfy(line -> assertThat(line).contains("dropping " + oldName));

    // Once the running build ends (here: fails and is discarded), nothing is left behind.
    execute(database, "ALTER TABLE " + oldName + " RENAME TO " + alive.featureTable());
    running.discard(alive.buildId(), alive);
    next.discard(nextTarget.buildId(), nextTarget);
    assertThat(tables(database)).isEmpty();
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }

  private static List<String> tables(Database database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT tablename FROM pg_tables WHERE tablename LIKE '%\\_row\\_build\\_%'")) {
      List<String> names = new ArrayList<>();
      while (rows.next()) {
        names.add(rows.getString(1));
      }
      return names;
    }
  }

  private static void execute(Database database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
