package io.stockpipe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.features.store.BuildTarget;
import io.stockpipe.features.store.FeatureStore;
import io.stockpipe.features.store.WriteScope;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A build of every date and symbol loads tables of its own and swaps them in as the version's
 * partition of feature_row and label_row's one partition: same rows as before, nothing left behind,
 * and on failure the stored rows untouched.
 */
@ExtendWith(PostgresExtension.class)
class FullBuildSwapTest {
  private static final LocalDate START = LocalDate.of(2019, 3, 1);

  private static FeatureFixture withBars(Database database) {
    FeatureFixture fixture = new FeatureFixture(database);
    fixture.insert(SyntheticBars.gbm("SWAP", START, 120, 41));
    fixture.insert(SyntheticBars.gbm("PART", START.plusDays(10), 90, 42));
    return fixture;
  }

  private static long partitionsOf(FeatureFixture fixture, String version) {
    return fixture.count(
        "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            + " WHERE i.inhparent = 'feature_row'::regclass"
            + " AND c.relname = feature_row_partition_name('"
            + version
            + "')");
  }

  private static long replacementTables(FeatureFixture fixture) {
    return fixture.count(
        "SELECT count(*) FROM pg_tables WHERE tablename LIKE '%\\_row\\_build\\_%'");
  }

  @Test
  void aSecondFullBuildSwapsInTheSameRowsAsNewPartitions(Database database) {
    FeatureFixture fixture = withBars(database);
    String version = fixture.rawVersion();
    FeatureSummary first = fixture.build(FeatureRequest.all());
    Map<FeatureFixture.Key, Double[]> before = fixture.features(version);
    long firstXmin = fixture.count("SELECT min(xmin::text::bigint) FROM feature_row");
    String partitionOid = "SELECT to_regclass(feature_row_partition_name('" + version + "'))::oid";
    long firstPartition = fixture.count(partitionOid);
    String labelPartitionOid = "SELECT 'label_row_all'::regclass::oid";
    long firstLabelPartition = fixture.count(labelPartitionOid);
    Map<FeatureFixture.Key, Double[]> labelsBefore = fixture.labels();

    FeatureSummary second = fixture.build(FeatureRequest.all());

    assertThat(first.featureRows()).isEqualTo(210).isEqualTo(second.featureRows());
    assertThat(second.symbols()).isEqualTo(2);
    assertThat(second.firstDate()).isEqualTo(START);
    Map<FeatureFixture.Key, Double[]> after = fixture.features(version);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach((key, row) -> assertThat(row).as("%s", key).isEqualTo(before.get(key)));
    // New rows (written by the second build), in the version's one partition, with its key.
    assertThat(fixture.count("SELECT min(xmin::text::bigint) FROM feature_row"))
        .isGreaterThan(firstXmin);
    assertThat(partitionsOf(fixture, version)).isEqualTo(1);
    // A new table took the old partition's place: swapped in, not deleted and re-inserted.
    assertThat(fixture.count(partitionOid)).isNotEqualTo(firstPartition);
    assertThat(fixture.count(labelPartitionOid)).isNotEqualTo(firstLabelPartition);
    Map<FeatureFixture.Key, Double[]> labelsAfter = fixture.labels();
    assertThat(labelsAfter.keySet()).isEqualTo(labelsBefore.keySet());
    labelsAfter.forEach(
        (key, row) -> assertThat(row).as("%s", key).isEqualTo(labelsBefore.get(key)));
    assertThat(second.labelRows()).isEqualTo(210);
    assertThat(
            fixture.count("SELECT count(*) FROM pg_indexes WHERE indexname = 'label_row_all_pkey'"))
        .isEqualTo(1);
    assertThat(
            fixture.count(
                "SELECT count(*) FROM pg_indexes WHERE indexname = feature_row_partition_name('"
                    + version
                    + "') || '_pkey'"))
        .isEqualTo(1);
    assertThat(replacementTables(fixture)).isZero();
    assertThat(fixture.count("SELECT count(*) FROM label_row_staging")).isZero();
  }

  @Test
  void aFullBuildThatFailsAtCommitLeavesTheStoredRowsAndNoTable(Database database) {
    FeatureFixture fixture = withBars(database);
    String version = fixture.rawVersion();
    fixture.build(FeatureRequest.all());
    Map<FeatureFixture.Key, Double[]> stored = fixture.features(version);
    Map<FeatureFixture.Key, Double[]> storedLabels = fixture.labels();
    fixture.execute("UPDATE price_bar SET close = close * 1.05 WHERE symbol = 'SWAP'");
    // Fails inside the commit transaction, after the replacement table is loaded and indexed.
    fixture.execute(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;"
            + " CREATE TRIGGER refuse BEFORE INSERT ON feature_set"
            + " FOR EACH ROW EXECUTE FUNCTION refuse()");
    try {
      assertThatThrownBy(() -> fixture.build(FeatureRequest.all()))
          .isInstanceOf(PipelineException.class)
          .hasMessageContaining("refused by the test");
    } finally {
      fixture.execute("DROP TRIGGER refuse ON feature_set; DROP FUNCTION refuse()");
    }

    Map<FeatureFixture.Key, Double[]> after = fixture.features(version);
    assertThat(after.keySet()).isEqualTo(stored.keySet());
    after.forEach((key, row) -> assertThat(row).as("%s", key).isEqualTo(stored.get(key)));
    Map<FeatureFixture.Key, Double[]> labelsAfter = fixture.labels();
    assertThat(labelsAfter.keySet()).isEqualTo(storedLabels.keySet());
    labelsAfter.forEach(
        (key, row) -> assertThat(row).as("%s", key).isEqualTo(storedLabels.get(key)));
    assertThat(partitionsOf(fixture, version)).isEqualTo(1);
    assertThat(replacementTables(fixture)).isZero();
    assertThat(fixture.count("SELECT count(*) FROM label_row_staging")).isZero();
  }

  @Test
  void aFullBuildDropsTheTablesOfDeadBuildsAtOnceButNotThoseOfARunningOne(Database database) {
    FeatureFixture fixture = withBars(database);
    // Another build, still loading: it holds its lock on a connection of its own.
    FeatureStore otherStore = new FeatureStore(database.dataSource());
    BuildTarget running =
        otherStore.open(
            UUID.randomUUID().toString(),
            fixture.rawVersion(),
            new WriteScope(null, null, List.of()));
    // Builds that were killed (their lock ended with their process), however recently.
    long now = Instant.now().getEpochSecond();
    List<String> dead =
        List.of(
            "feature_row_build_" + (now - Duration.ofDays(2).toSeconds()) + "_0123456789ab",
            "label_row_build_" + (now - Duration.ofDays(3).toSeconds()) + "_0123456789ab",
            "feature_row_build_" + (now - Duration.ofMinutes(5).toSeconds()) + "_fedcba987654");
    for (String table : dead) {
      fixture.execute("CREATE TABLE " + table + " (LIKE feature_row)");
    }

    fixture.build(FeatureRequest.all());

    assertThat(dead)
        .map(
            table ->
                fixture.count("SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'"))
        .containsExactly(0L, 0L, 0L);
    assertThat(replacementTables(fixture)).isEqualTo(2);
    otherStore.discard(running.buildId(), running);
    assertThat(replacementTables(fixture)).isZero();
  }
}
