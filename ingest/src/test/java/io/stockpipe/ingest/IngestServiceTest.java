package io.stockpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.ingest.sample.SampleDataGenerator;
import io.stockpipe.ingest.sample.SampleDataGenerator.SampleData;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class IngestServiceTest {
  @TempDir Path dir;
  private Database database;
  private IngestFixture fixture;

  @BeforeEach
  void setUp(Database database) {
    this.database = database;
    fixture = new IngestFixture(database);
  }

  private SampleData sample(int symbols, boolean withBadRows) {
    return new SampleDataGenerator(7, symbols, LocalDate.of(2023, 1, 2), LocalDate.of(2023, 12, 29))
        .write(dir.resolve("sample"), withBadRows);
  }

  @Test
  void loadsExactlyTheValidRowsAndASecondRunChangesNothing() {
    SampleData data = sample(20, true);

    IngestSummary first = fixture.ingest(data.directory());
    String afterFirst = fixture.priceBarFingerprint();
    IngestSummary second = fixture.ingest(data.directory());

    assertThat(first.rowsLoaded()).isEqualTo(data.validRows());
    assertThat(first.rowsChanged()).isEqualTo(data.validRows());
    assertThat(first.rowsRejected()).isEqualTo(data.rejectedRows());
    assertThat(fixture.count("SELECT count(*) FROM price_bar")).isEqualTo(data.validRows());
    assertThat(second.rowsLoaded()).isEqualTo(data.validRows());
    assertThat(second.rowsChanged()).isZero();
    assertThat(fixture.priceBarFingerprint()).isEqualTo(afterFirst);
    assertThat(fixture.count("SELECT count(*) FROM symbol")).isEqualTo(20);
    assertThat(
            fixture.rows(
                "SELECT status, rows_loaded::text, rows_changed::text FROM ingest_run ORDER BY id"))
        .containsExactly(
            List.of(
                "completed_with_errors",
                Long.toString(data.validRows()),
                Long.toString(data.validRows())),
            List.of("completed_with_errors", Long.toString(data.validRows()), "0"));
  }

  @Test
  void aCorrectedFileReplacesTheOldValuesAndOnlyThose() {
    Path file =
        IngestFixture.write(
            dir.resolve("ACME.csv"),
            """
            date,open,high,low,close,volume
            2024-01-02,10,11,9,10.5,100
            2024-01-03,10.5,11,10,10.75,200
            """);
    fixture.ingest(file);
    IngestFixture.write(
        file,
        """
        date,open,high,low,close,volume
        2024-01-02,10,11,9,10.50,100
        2024-01-03,10.5,11,10,10.80,250
        """);
    IngestSummary corrected = fixture.ingest(file);
    assertThat(corrected.rowsChanged()).isEqualTo(1);
    assertThat(fixture.rows("SELECT trade_date, close, volume FROM price_bar ORDER BY 1"))
        .containsExactly(
            List.of("2024-01-02", "10.5", "100"), List.of("2024-01-03", "10.80", "250"));
  }

  @Test
  void strictRunWithOneRejectKeepsNothingButRecordsWhy() {
    SampleData data = sample(5, false);
    IngestFixture.write(
        data.directory().resolve("ZZZZ.csv"),
        "date,open,high,low,close,volume\n2024-01-02,10,9,11,10,100\n");
    IngestSummary summary =
        fixture.ingest(
            data.directory(), IngestOptions.defaults().withStrict(true).withBatchRows(300));
    assertThat(summary.failed()).isTrue();
    assertThat(fixture.count("SELECT count(*) FROM price_bar")).isZero();
    assertThat(fixture.count("SELECT count(*) FROM symbol")).isZero();
    assertThat(fixture.rows("SELECT symbol, rule FROM ingest_reject"))
        .containsExactly(List.of("ZZZZ", "HIGH_BELOW_LOW"));
    assertThat(fixture.value("SELECT status FROM ingest_run")).isEqualTo("failed");

    IngestSummary clean =
        fixture.ingest(
            data.directory().resolve("DAAA.csv"), IngestOptions.defaults().withStrict(true));
    assertThat(clean.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(fixture.count("SELECT count(*) FROM price_bar")).isEqualTo(clean.rowsLoaded());
  }

  @Test
  void smallBatchesOnParallelLoadersGiveTheSameTableAsOneBigBatch() {
    SampleData data = sample(12, true);
    fixture.ingest(data.directory(), IngestOptions.defaults().withBatchRows(1).withLoaders(3));
    String small =
        fixture.value(
            "SELECT md5(string_agg(p::text, ',' ORDER BY symbol, trade_date))"
                + " FROM (SELECT symbol, trade_date, open, high, low, close, volume FROM price_bar) p");
    assertThat(fixture.count("SELECT count(*) FROM ingest_run")).isEqualTo(1);
    QueryRunner.asOwner(database.dataSource()).run("TRUNCATE price_bar, symbol CASCADE");
    fixture.ingest(data.directory(), IngestOptions.defaults().withBatchRows(1_000_000));
    String big =
        fixture.value(
            "SELECT md5(string_agg(p::text, ',' ORDER BY symbol, trade_date))"
                + " FROM (SELECT symbol, trade_date, open, high, low, close, volume FROM price_bar) p");
    assertThat(small).isEqualTo(big);
  }

  @Test
  void whenTwoFilesHoldTheSameBarTheLaterFileWinsEvenWithParallelLoaders() {
    for (int i = 0; i < 20; i++) {
      IngestFixture.write(
          dir.resolve(String.format("f%02d.csv", i)),
          "date,open,high,low,close,volume,Name\n2024-01-02,1,2,1,1."
              + i
              + "5,10,ACME\n2024-01-02,1,2,1,1.5,10,OTHER"
              + i
              + "\n");
    }
    IngestSummary summary =
        fixture.ingest(dir, IngestOptions.defaults().withBatchRows(1).withLoaders(4));
    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(
            fixture.rows(
                "SELECT close, source LIKE '%f19.csv' FROM price_bar WHERE symbol = 'ACME'"))
        .containsExactly(List.of("1.195", "t"));
    assertThat(fixture.count("SELECT count(*) FROM price_bar")).isEqualTo(21);
  }

  @Test
  void barsWhoseSymbolRowWasDeletedAreStillUpsertedNotDuplicated() {
    SampleData data = sample(3, false);
    fixture.ingest(data.directory());
    String before = fixture.priceBarFingerprint();
    QueryRunner.asOwner(database.dataSource()).run("DELETE FROM symbol");

    IngestSummary again = fixture.ingest(data.directory());

    assertThat(again.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(again.rowsChanged()).isZero();
    assertThat(fixture.priceBarFingerprint()).isEqualTo(before);
    assertThat(fixture.count("SELECT count(*) FROM symbol")).isEqualTo(3);
  }

  @Test
  void aRunLeftRunningByADeadProcessIsMarkedAborted() {
    QueryRunner.asOwner(database.dataSource())
        .run("INSERT INTO ingest_run (source, status) VALUES ('csv:/gone', 'running')");
    fixture.ingest(sample(1, false).directory());
    assertThat(fixture.rows("SELECT source, status FROM ingest_run ORDER BY id"))
        .containsExactly(
            List.of("csv:/gone", "aborted"),
            List.of(fixture.value("SELECT source FROM ingest_run WHERE id = 2"), "succeeded"));
  }
}
