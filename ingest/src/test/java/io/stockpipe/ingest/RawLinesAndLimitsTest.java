package io.stockpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused row is stored as it stands in the file, and a monstrous line is one refused row: the
 * rest of its file loads, and what is stored of it is cut to a sane length, saying so.
 */
@ExtendWith(PostgresExtension.class)
class RawLinesAndLimitsTest {
  private static final String HEADER = "date,open,high,low,close,volume";

  @TempDir Path dir;
  private IngestFixture fixture;

  @BeforeEach
  void setUp(Database database) {
    fixture = new IngestFixture(database);
  }

  @Test
  void theRawLineIsKeptAsReadWithItsQuotesBlanksAndLineBreaks() {
    IngestFixture.write(
        dir.resolve("Q.csv"),
        String.join(
            "\r\n",
            HEADER,
            "2024-01-02,\"1,0\",2,3,4,5",
            " 2024-01-03 , \"x\" ,2,1,1.5,10",
            "\"2024-01-04\",\"1\",\"2\",\"1\",\"1.5\",\"-3\"",
            "2024-01-05,1,2,1,\"1.5",
            "and more\",10",
            "2024-01-08,1,2,1,\"a \"\"quoted\"\" word\",10",
            "2024-01-09,1,2,1,1.5,10",
            "2024-01-10,1,2,1,1.5,-1"));

    IngestSummary summary = fixture.ingest(dir);

    assertThat(summary.rowsLoaded()).isEqualTo(1);
    assertThat(fixture.rows("SELECT line_number, rule, raw_line FROM ingest_reject ORDER BY 1"))
        .containsExactly(
            List.of("2", "UNPARSABLE_NUMBER", "2024-01-02,\"1,0\",2,3,4,5"),
            List.of("3", "UNPARSABLE_NUMBER", " 2024-01-03 , \"x\" ,2,1,1.5,10"),
            List.of("4", "NEGATIVE_VOLUME", "\"2024-01-04\",\"1\",\"2\",\"1\",\"1.5\",\"-3\""),
            List.of("5", "UNPARSABLE_NUMBER", "2024-01-05,1,2,1,\"1.5\r\nand more\",10"),
            List.of("7", "UNPARSABLE_NUMBER", "2024-01-08,1,2,1,\"a \"\"quoted\"\" word\",10"),
            List.of("9", "NEGATIVE_VOLUME", "2024-01-10,1,2,1,1.5,-1"));
  }

  @Test
  void aLineOfAHundredThousandColumnsIsOneRejectAndTheRestOfTheFileLoads() {
    String wide = "2024-01-03" + ",1".repeat(99_999);
    IngestFixture.write(
        dir.resolve("WIDE.csv"),
        HEADER + "\n2024-01-02,1,2,1,1.5,10\n" + wide + "\n2024-01-04,1,2,1,1.5,10\n");

    IngestSummary summary = fixture.ingest(dir);

    assertThat(summary.filesRefused()).isZero();
    assertThat(fixture.rows("SELECT trade_date FROM price_bar ORDER BY 1"))
        .containsExactly(List.of("2024-01-02"), List.of("2024-01-04"));
    assertThat(fixture.rows("SELECT line_number, rule, reason, raw_line FROM ingest_reject"))
        .containsExactly(
            List.of(
                "3",
                "WRONG_COLUMN_COUNT",
                "expected 6 columns (date,open,high,low,close,volume), found 100000"
                    + " (raw_line holds its first 1,000 of 200,008 characters)",
                wide.substring(0, 1_000)));
  }

  @Test
  void aTenMegabyteLineIsOneRejectAndTheRestOfTheFileLoads() {
    String huge = "2024-01-03,1,2,1,1.5," + "9".repeat(10 << 20);
    String noCommas = "x".repeat(10 << 20);
    IngestFixture.write(
        dir.resolve("HUGE.csv"),
        String.join(
            "\n",
            HEADER,
            "2024-01-02,1,2,1,1.5,10",
            huge,
            "2024-01-04,1,2,1,1.5,10",
            noCommas,
            "2024-01-05,1,2,1,1.5,10"));

    IngestSummary summary = fixture.ingest(dir);

    assertThat(summary.filesRefused()).isZero();
    assertThat(summary.rowsRead()).isEqualTo(5);
    assertThat(fixture.rows("SELECT trade_date FROM price_bar ORDER BY 1"))
        .containsExactly(List.of("2024-01-02"), List.of("2024-01-04"), List.of("2024-01-05"));
    assertThat(
            fixture.rows(
                "SELECT line_number, rule, reason, raw_line FROM ingest_reject ORDER BY 1"))
        .containsExactly(
            List.of(
                "3",
                "LINE_TOO_LONG",
                "the line is 10,485,781 characters long; no price line is longer than 1,000"
                    + " (raw_line holds its first 1,000 of 10,485,781 characters)",
                huge.substring(0, 1_000)),
            List.of(
                "5",
                "WRONG_COLUMN_COUNT",
                "expected 6 columns (date,open,high,low,close,volume), found 1"
                    + " (raw_line holds its first 1,000 of 10,485,760 characters)",
                noCommas.substring(0, 1_000)));
  }

  /** Past what is held in memory for one record, the file is refused, not the heap filled. */
  @Test
  void aLineTooLongToHoldRefusesItsFileNamingTheLine() {
    IngestFixture.write(
        dir.resolve("ENDLESS.csv"),
        HEADER + "\n2024-01-02,1,2,1,1.5,10\n2024-01-03," + "9".repeat(17 << 20) + "\n");

    IngestSummary summary = fixture.ingest(dir);

    assertThat(summary.filesRefused()).isEqualTo(1);
    assertThat(fixture.rows("SELECT line_number, rule, reason FROM ingest_reject"))
        .containsExactly(
            Arrays.asList(
                null,
                "FILE_NOT_CSV",
                "line 3 runs on for over 16,777,216 characters (a quote that is never closed, or"
                    + " not text in lines); nothing of the file is loaded"));
  }

  @Test
  void aQuoteNeverClosedIsNamedWithTheLinesItSwallowed() {
    IngestFixture.write(
        dir.resolve("OPEN.csv"),
        HEADER + "\n2024-01-02,1,2,1,1.5,10\n2024-01-03,1,2,1,\"1.5,10\n2024-01-04,1,2,1,1.5,10\n");

    fixture.ingest(dir);

    assertThat(fixture.rows("SELECT line_number, rule, reason FROM ingest_reject"))
        .containsExactly(
            List.of(
                "3",
                "WRONG_COLUMN_COUNT",
                "expected 6 columns (date,open,high,low,close,volume), found 5; a quoted value"
                    + " runs over lines 3-4 (is a quote not closed?)"));
  }
}
