package io.stockpipe.features.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.PipelineException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A full build's swap waits for readers in short turns, so that readers queued behind it get
 * through, and gives up after its patience with an error naming the session in the way.
 */
@ExtendWith(PostgresExtension.class)
class SwapWaitTest {
  private static final String VERSION = "v1-0123456789ab";
  private static final WriteScope ALL = new WriteScope(null, null, List.of());
  private static final FeatureSetRecord FEATURE_SET =
      new FeatureSetRecord(VERSION, "ab".repeat(32), "none", List.of("f"), "f | test");

  /** One full build through the store: a row of feature {@code value} and a label. */
  private static BuildTarget stage(FeatureStore store, Database database, double value)
      throws SQLException {
    BuildTarget target = store.open(UUID.randomUUID().toString(), VERSION, ALL);
    execute(
        database,
        "INSERT INTO "
            + target.featureTable()
            + " VALUES ('"
            + VERSION
            + "', 'A', DATE '2020-01-02', ARRAY["
            + value
            + "]::float8[]); INSERT INTO "
            + target.labelTable()
            + " VALUES ('A', DATE '2020-01-02', "
            + value
            + ", NULL)");
    return target;
  }

  private static double stored(Database database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT f.features[1] FROM feature_row f JOIN label_row l USING (symbol, trade_date)"
                    + " WHERE l.next_return_1d = f.features[1]")) {
      rows.next();
      return rows.getDouble(1);
    }
  }

  /** A reader in an open transaction, as an analyst's session left idle would be. */
  private static Connection reader(Database database) throws SQLException {
    Connection connection = database.dataSource().getConnection();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET application_name = 'analyst-notebook'");
      statement.executeQuery("SELECT count(*) FROM feature_row").close();
    }
    return connection;
  }

  @Test
  void theSwapWaitsForAReaderToFinishWithoutHoldingUpNewReaders(Database database)
      throws Exception {
    FeatureStore store = new FeatureStore(database.dataSource(), Duration.ofSeconds(60));
    store.commit(stage(store, database, 1.0), FEATURE_SET, ALL);
    BuildTarget second = stage(store, database, 2.0);
    Connection reader = reader(database);
    long holdMillis = PartitionSwap.LOCK_WAIT.toMillis() * 3;
    CompletableFuture<Long> released =
        CompletableFuture.supplyAsync(
            () -> {
              try (reader) {
                reader.commit();
                return System.nanoTime();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            CompletableFuture.delayedExecutor(holdMillis, TimeUnit.MILLISECONDS));
    // A reader that arrives while the swap waits: queued behind the swap's lock request for one
    // turn at most, not until the first reader lets go.
    CompletableFuture<Long> newReaderDone =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                stored(database);
                return System.nanoTime();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
    long start = System.nanoTime();

    MergeResult result = store.commit(second, FEATURE_SET, ALL);

    long end = System.nanoTime();
    assertThat(Duration.ofNanos(end - start)).isGreaterThanOrEqualTo(PartitionSwap.LOCK_WAIT);
    assertThat(newReaderDone.get()).isLessThan(released.get());
    assertThat(result.featureRows()).isEqualTo(1);
    assertThat(stored(database)).isEqualTo(2.0);
  }

  @Test
  void aReaderThatNeverLetsGoFailsTheSwapByNameAndKeepsTheRows(Database database) throws Exception {
    FeatureStore store = new FeatureStore(database.dataSource(), Duration.ofSeconds(3));
    store.commit(stage(store, database, 1.0), FEATURE_SET, ALL);
    BuildTarget second = stage(store, database, 2.0);

    try (Connection reader = reader(database)) {
      assertThatThrownBy(() -> store.commit(second, FEATURE_SET, ALL))
          .isInstanceOf(PipelineException.class)
          .hasMessageContaining("stayed in use for 3 s")
          .hasMessageContaining("analyst-notebook")
          .hasMessageContaining("idle in transaction")
          .hasMessageContaining("pg_terminate_backend");
      reader.rollback();
    }
    store.discard(second.buildId(), second);

    assertThat(stored(database)).isEqualTo(1.0);
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_tables WHERE tablename LIKE '%\\_row\\_build\\_%'")) {
      rows.next();
      assertThat(rows.getLong(1)).isZero();
    }
  }

  private static void execute(Database database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
