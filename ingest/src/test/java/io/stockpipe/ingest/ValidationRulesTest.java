package io.stockpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.ingest.validation.RejectRule;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each rule refuses its row (naming the rule and the value) while the good rows still load. */
@ExtendWith(PostgresExtension.class)
class ValidationRulesTest {
  @TempDir Path dir;
  private IngestFixture fixture;

  @BeforeEach
  void setUp(Database database) {
    fixture = new IngestFixture(database);
  }

  @Test
  void everyRowRuleRefusesItsRowAndTheRestLoads() {
    IngestFixture.write(
        dir.resolve("XYZ.csv"),
        """
        date,open,high,low,close,volume
        2024-01-02,10,11,9,10.5,100
        2024-01-03,10,11,9,abc,100
        2024-13-01,10,11,9,10.5,100
        2024-01-05,10,9,11,10,100
        2024-01-08,12,11,9,10.5,100
        2024-01-09,10,11,9,8.5,100
        2024-01-10,10,11,9,0,100
        2024-01-11,-1,11,9,10,100
        2024-01-12,10,11,9,10.5,-5
        2024-01-16,10,11,9,NaN,100
        2024-01-17,10,11,9,10.5
        2024-01-18,10,11,9,10.5,100
        2024-01-18,10,11,9,10.6,100
        2024-01-19,10,11,9,,100
        2024-01-22,10,11,9,0x1p3,100
        2024-01-23,10,11,9,10.5,1.5
        2024-01-24,10,11,9,Infinity,100
        2025-07-01,10,11,9,10.5,100
        2024-01-25,10,11,9,10.5,100
        """);
    IngestSummary summary = fixture.ingest(dir);

    assertThat(fixture.rows("SELECT trade_date FROM price_bar ORDER BY 1"))
        .containsExactly(List.of("2024-01-02"), List.of("2024-01-25"));
    assertThat(fixture.rows("SELECT line_number, rule FROM ingest_reject ORDER BY line_number"))
        .containsExactly(
            List.of("3", "UNPARSABLE_NUMBER"),
            List.of("4", "UNPARSABLE_DATE"),
            List.of("5", "HIGH_BELOW_LOW"),
            List.of("6", "OPEN_OUTSIDE_RANGE"),
            List.of("7", "CLOSE_OUTSIDE_RANGE"),
            List.of("8", "NON_POSITIVE_PRICE"),
            List.of("9", "NON_POSITIVE_PRICE"),
            List.of("10", "NEGATIVE_VOLUME"),
            List.of("11", "NOT_A_NUMBER"),
            List.of("12", "WRONG_COLUMN_COUNT"),
            List.of("13", "DUPLICATE_DATE"),
            List.of("14", "DUPLICATE_DATE"),
            List.of("15", "MISSING_VALUE"),
            List.of("16", "UNPARSABLE_NUMBER"),
            List.of("17", "UNPARSABLE_NUMBER"),
            List.of("18", "NOT_A_NUMBER"),
            List.of("19", "FUTURE_DATE"));
    assertThat(summary.rowsRead()).isEqualTo(19);
    assertThat(summary.rowsLoaded()).isEqualTo(2);
    assertThat(summary.rowsRejected()).isEqualTo(17);
    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(summary.rejectsByRule().get(RejectRule.DUPLICATE_DATE)).isEqualTo(2);
  }

  @Test
  void reasonsNameTheValueAndTheRawLineIsKept() {
    IngestFixture.write(
        dir.resolve("AOS.csv"),
        """
        date,open,high,low,close,volume
        2014-05-19,23.89,23.595,23.85,24.445,1944854
        2014-05-20,23.9,24.0,23.8,23.95,100
        2014-05-20,23.9,24.0,23.8,23.96,100
        """);
    fixture.ingest(dir);
    assertThat(
            fixture.rows(
                "SELECT symbol, trade_date, reason, raw_line FROM ingest_reject"
                    + " WHERE line_number = 2"))
        .containsExactly(
            List.of(
                "AOS",
                "2014-05-19",
                "high 23.595 is below low 23.85",
                "2014-05-19,23.89,23.595,23.85,24.445,1944854"));
    assertThat(fixture.value("SELECT reason FROM ingest_reject WHERE line_number = 3"))
        .isEqualTo(
            "AOS 2014-05-20 appears 2 times in this file (lines 3, 4); none of them is loaded");
  }

  @Test
  void closeOnlyBarsOfRealDataLoadWithoutTheirRange() {
    IngestFixture.write(
        dir.resolve("DHR.csv"),
        """
        date,open,high,low,close,volume
        2015-07-17,,63.5,62.1,62.9,2000
        2016-01-12,,,,88.55,0
        """);
    IngestSummary summary = fixture.ingest(dir);
    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(fixture.count("SELECT count(*) FROM price_bar WHERE open IS NULL")).isEqualTo(2);
  }

  @Test
  void aFileThatCannotBeUsedIsRefusedWholeAndNamed() throws IOException {
    IngestFixture.write(dir.resolve("EMPTY.csv"), "");
    IngestFixture.write(dir.resolve("HEADONLY.csv"), "date,open,high,low,close,volume\n");
    IngestFixture.write(dir.resolve("PAGE.csv"), "<html><body>Not found</body></html>\n");
    IngestFixture.write(dir.resolve("ODD.csv"), "when,price\n2024-01-02,3\n");
    Files.write(dir.resolve("BIN.csv"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0, 0});
    Files.write(
        dir.resolve("LATIN1.csv"),
        "date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,10 \u00e9\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    IngestFixture.write(
        dir.resolve("QUOTE.csv"),
        "date,open,high,low,close,volume\n\"2024-01-02\"x,1,2,1,1.5,10\n");
    IngestFixture.write(
        dir.resolve("bad ticker!.csv"),
        "date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,10\n");
    IngestFixture.write(
        dir.resolve("GOOD.csv"), "date,open,high,low,close,volume\n2024-01-02,1,2,1,1.5,10\n");

    IngestSummary summary = fixture.ingest(dir);

    assertThat(summary.files()).isEqualTo(9);
    assertThat(summary.filesRefused()).isEqualTo(8);
    assertThat(fixture.rows("SELECT symbol FROM price_bar")).containsExactly(List.of("GOOD"));
    assertThat(
            fixture.rows(
                "SELECT regexp_replace(source_file, '.*/', ''), rule FROM ingest_reject"
                    + " WHERE line_number IS NULL ORDER BY 1"))
        .containsExactly(
            List.of("BIN.csv", "FILE_NOT_CSV"),
            List.of("EMPTY.csv", "FILE_EMPTY"),
            List.of("HEADONLY.csv", "FILE_EMPTY"),
            List.of("LATIN1.csv", "FILE_NOT_CSV"),
            List.of("ODD.csv", "UNKNOWN_FORMAT"),
            List.of("PAGE.csv", "FILE_NOT_CSV"),
            List.of("QUOTE.csv", "FILE_NOT_CSV"),
            List.of("bad ticker!.csv", "BAD_SYMBOL"));
    assertThat(fixture.value("SELECT reason FROM ingest_reject WHERE source_file LIKE '%ODD.csv'"))
        .contains("first line is 'when,price'");
  }

  @Test
  void anUnreadableFileIsRefusedWithTheSystemsReason(Database database) {
    SourceFile locked =
        new SourceFile() {
          @Override
          public String name() {
            return "/data/locked/LOCK.csv";
          }

          @Override
          public String symbolFromName() {
            return "LOCK";
          }

          @Override
          public Reader open() throws IOException {
            throw new AccessDeniedException("/data/locked/LOCK.csv");
          }
        };
    PriceSource source =
        new PriceSource() {
          @Override
          public String describe() {
            return "test:locked";
          }

          @Override
          public List<SourceFile> files() {
            return List.of(locked);
          }
        };
    IngestSummary summary =
        new IngestService(database.dataSource(), IngestFixture.TODAY_2025_06_30)
            .ingest(source, IngestOptions.defaults(), io.stockpipe.progress.Progress.silent());
    assertThat(summary.filesRefused()).isEqualTo(1);
    assertThat(fixture.rows("SELECT rule, reason FROM ingest_reject"))
        .containsExactly(
            List.of(
                "FILE_UNREADABLE",
                "cannot read the file: java.nio.file.AccessDeniedException: /data/locked/LOCK.csv"));
  }
}
