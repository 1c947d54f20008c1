package io.stockpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.ingest.validation.RejectRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every layout is detected from its header and loads the values it holds. */
@ExtendWith(PostgresExtension.class)
class CsvFormatsTest {
  @TempDir Path dir;
  private IngestFixture fixture;

  @BeforeEach
  void setUp(Database database) {
    fixture = new IngestFixture(database);
  }

  @Test
  void plainTakesTheTickerFromTheFileNameWithItsDots() {
    IngestFixture.write(
        dir.resolve("BRK.B.csv"),
        """
        date,open,high,low,close,volume
        2016-01-11,,,,88.55,0
        2016-01-12,135.2,136.1,134.9,135.75,3004100
        """);
    IngestSummary summary = fixture.ingest(dir);
    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(
            fixture.rows(
                "SELECT symbol, trade_date, open, high, low, close, adj_close, volume"
                    + " FROM price_bar ORDER BY trade_date"))
        .containsExactly(
            Arrays.asList("BRK.B", "2016-01-11", null, null, null, "88.55", null, "0"),
            Arrays.asList(
                "BRK.B", "2016-01-12", "135.2", "136.1", "134.9", "135.75", null, "3004100"));
    assertThat(fixture.rows("SELECT ticker, first_date, last_date FROM symbol"))
        .containsExactly(List.of("BRK.B", "2016-01-11", "2016-01-12"));
  }

  @Test
  void yahooKeepsAdjustedCloseAndReadsNullAsMissing() {
    IngestFixture.write(
        dir.resolve("msft.csv"),
        """
        Date,Open,High,Low,Close,Adj Close,Volume
        2024-03-01,411.27,415.87,410.88,415.50,412.1234,17823400
        2024-03-04,null,null,null,null,null,null
        """);
    IngestSummary summary = fixture.ingest(dir);
    assertThat(fixture.rows("SELECT symbol, close, adj_close, volume FROM price_bar"))
        .containsExactly(List.of("MSFT", "415.50", "412.1234", "17823400"));
    assertThat(summary.rejectsByRule()).containsOnlyKeys(RejectRule.MISSING_VALUE);
  }

  @Test
  void stooqDailyAndBulkLoadAndBulkDropsTheUsSuffixAndNonDailyRows() {
    IngestFixture.write(
        dir.resolve("ibm.csv"),
        """
        Date,Open,High,Low,Close,Volume
        2024-03-01,185.49,188.38,185.18,188.20,4018354
        """);
    IngestFixture.write(
        dir.resolve("bulk.txt"),
        """
        <TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>
        AAPL.US,D,20240301,000000,179.55,180.53,177.38,179.66,73563082,0
        AAPL.US,D,20240304,000000,176.15,176.9,173.79,175.1,81510101,0
        ORCL.US,5,20240304,153000,113.2,113.5,113.0,113.4,1000,0
        """);
    IngestSummary summary = fixture.ingest(dir);
    assertThat(fixture.rows("SELECT symbol, trade_date, close FROM price_bar ORDER BY 1, 2"))
        .containsExactly(
            List.of("AAPL", "2024-03-01", "179.66"),
            List.of("AAPL", "2024-03-04", "175.1"),
            List.of("IBM", "2024-03-01", "188.20"));
    assertThat(fixture.rows("SELECT rule, line_number, symbol FROM ingest_reject"))
        .containsExactly(List.of("NOT_DAILY", "4", "ORCL"));
    assertThat(summary.rowsRead()).isEqualTo(4);
  }

  @Test
  void kaggleHoldsManyTickersInOneFile() {
    IngestFixture.write(
        dir.resolve("all_stocks_5yr.csv"),
        """
        date,open,high,low,close,volume,Name
        2013-02-08,15.07,15.12,14.63,14.75,8407500,AAL
        2013-02-11,14.89,15.01,14.26,14.46,8882000,AAL
        2013-02-08,67.7142,68.4014,66.8928,67.8542,158168416,AAPL
        """);
    fixture.ingest(dir);
    assertThat(fixture.rows("SELECT symbol, count(*) FROM price_bar GROUP BY 1 ORDER BY 1"))
        .containsExactly(List.of("AAL", "2"), List.of("AAPL", "1"));
    assertThat(fixture.value("SELECT open FROM price_bar WHERE symbol = 'AAPL'"))
        .isEqualTo("67.7142");
  }

  @Test
  void aForcedFormatReadsAFileWithoutAHeaderAndRefusesOneOfAnotherLayout() {
    IngestFixture.write(dir.resolve("nohead/XOM.csv"), "2024-03-01,104.1,105.0,103.9,104.5,1200\n");
    fixture.ingest(dir.resolve("nohead"), IngestOptions.defaults().withFormat("plain"));
    assertThat(fixture.count("SELECT count(*) FROM price_bar WHERE symbol = 'XOM'")).isEqualTo(1);

    IngestFixture.write(
        dir.resolve("yahoo/CVX.csv"),
        "Date,Open,High,Low,Close,Adj Close,Volume\n2024-03-01,1,2,1,1.5,1.5,10\n");
    IngestSummary forcedWrong =
        fixture.ingest(dir.resolve("yahoo"), IngestOptions.defaults().withFormat("kaggle"));
    assertThat(forcedWrong.filesRefused()).isEqualTo(1);
    assertThat(fixture.value("SELECT reason FROM ingest_reject WHERE rule = 'UNKNOWN_FORMAT'"))
        .contains("kaggle header 'date,open,high,low,close,volume,Name'");
  }

  @Test
  void theOriginalKaggleSampleLoadsAllItsRows() {
    Path sample =
        Path.of(System.getProperty("stockpipe.shared.data", "../../shared/data"))
            .resolve("original-sample/AAL_data.csv");
    Assumptions.assumeTrue(Files.exists(sample), "shared data not present: " + sample);
    IngestSummary summary = fixture.ingest(sample);
    assertThat(summary.rowsRead()).isEqualTo(199);
    assertThat(fixture.count("SELECT count(*) FROM price_bar WHERE symbol = 'AAL'")).isEqualTo(199);
  }
}
