package io.stockpipe.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V6 turns feature_row into one partition per version, V7 label_row into one DEFAULT partition:
 * rows stored before them keep their values and land in their partition. Runs on a database of its
 * own, migrated to V5 first.
 */
class PartitionMigrationsTest {
  private static final String DATABASE = "stockpipe_partition_migrations";

  private Database database;

  @BeforeEach
  void createDatabaseAtVersion5() throws SQLException {
    execute(TestDatabase.get(), "DROP DATABASE IF EXISTS " + DATABASE);
    execute(TestDatabase.get(), "CREATE DATABASE " + DATABASE);
    String url = TestDatabase.jdbcUrl();
    database =
        Database.connect(
            url.substring(0, url.lastIndexOf('/') + 1) + DATABASE,
            "postgres",
            TestDatabase.password());
    Flyway.configure()
        .dataSource(database.dataSource())
        .locations("classpath:db/migration")
        .target("5")
        .load()
        .migrate();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    database.close();
    execute(TestDatabase.get(), "DROP DATABASE IF EXISTS " + DATABASE);
  }

  @Test
  void rowsStoredBeforeV6AndV7LandInTheirPartitions() throws SQLException {
    execute(
        database,
        "INSERT INTO feature_row (feature_set_version, symbol, trade_date, features) VALUES"
            + " ('v1-aaaaaaaaaaaa', 'A', DATE '2020-01-02', ARRAY[1.5, NULL]::float8[]),"
            + " ('v1-aaaaaaaaaaaa', 'B', DATE '2020-01-02', ARRAY[-2.25, 3]::float8[]),"
            + " ('v1-aaaaaaaaaaaa-rank', 'A', DATE '2020-01-02', ARRAY[0.5, 0.25]::float8[]),"
            + " ('odd''version', 'A', DATE '2020-01-03', ARRAY[7]::float8[])");
    execute(
        database,
        "INSERT INTO label_row (symbol, trade_date, next_return_1d, forward_return_5d) VALUES"
            + " ('A', DATE '2020-01-02', 0.015, NULL), ('B', DATE '2020-01-02', -0.5, 0.25)");

    new Migrations(database.dataSource()).migrate();

    assertThat(
            rows(
                "SELECT tableoid::regclass::text = feature_row_partition_name(feature_set_version),"
                    + " feature_set_version, symbol, trade_date, features::text FROM feature_row"
                    + " ORDER BY 2, 3"))
        .containsExactly(
            "t|odd'version|A|2020-01-03|{7}",
            "t|v1-aaaaaaaaaaaa|A|2020-01-02|{1.5,NULL}",
            "t|v1-aaaaaaaaaaaa|B|2020-01-02|{-2.25,3}",
            "t|v1-aaaaaaaaaaaa-rank|A|2020-01-02|{0.5,0.25}");
    assertThat(rows("SELECT count(*) FROM pg_inherits WHERE inhparent = 'feature_row'::regclass"))
        .containsExactly("3");
    assertThat(
            rows(
                "SELECT tableoid::regclass, symbol, trade_date, next_return_1d, forward_return_5d"
                    + " FROM label_row ORDER BY 2"))
        .containsExactly(
            "label_row_all|A|2020-01-02|0.015|null", "label_row_all|B|2020-01-02|-0.5|0.25");
    assertThat(
            rows(
                "SELECT to_regclass('feature_row_unpartitioned') IS NULL"
                    + " AND to_regclass('label_row_unpartitioned') IS NULL"))
        .containsExactly("t");
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int column = 1; column <= columns; column++) {
          values.add(result.getString(column));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }

  private static void execute(Database target, String sql) throws SQLException {
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
