package io.stockpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real prices in ../shared/data: every valid row loads, the known bad bars are refused, and a
 * second run leaves price_bar as it was.
 */
@ExtendWith(PostgresExtension.class)
class SharedDataIngestTest {

  @Test
  void loadsExactlyTheValidRowsOfTheRealDataAndRerunsAsANoOp(Database database) throws IOException {
    Path prices =
        Path.of(System.getProperty("stockpipe.shared.data", "../../shared/data")).resolve("prices");
    Assumptions.assumeTrue(Files.isDirectory(prices), "shared data not present: " + prices);
    Expected expected = countWithReferenceRules(prices);
    IngestFixture fixture = new IngestFixture(database);

    IngestSummary first = fixture.ingest(prices);
    String afterFirst = fixture.priceBarFingerprint();
    IngestSummary second = fixture.ingest(prices);

    assertThat(first.rowsRead()).isEqualTo(expected.rows);
    assertThat(fixture.count("SELECT count(*) FROM price_bar")).isEqualTo(expected.valid);
    assertThat(first.rowsRejected()).isEqualTo(expected.rows - expected.valid);
    assertThat(first.filesRefused()).isZero();
    assertThat(fixture.count("SELECT count(DISTINCT symbol) FROM price_bar"))
        .isEqualTo(expected.files);
    assertThat(second.rowsChanged()).isZero();
    System.out.printf(
        "shared data: first run %s, second run %s%n", first.elapsed(), second.elapsed());
    assertThat(fixture.priceBarFingerprint()).isEqualTo(afterFirst);
    // Two of the corrupt bars the data's README names.
    assertThat(
            fixture.rows(
                "SELECT symbol, trade_date::text, rule FROM ingest_reject"
                    + " WHERE symbol IN ('AOS', 'LNT') AND run_id = "
                    + first.runId()
                    + " ORDER BY 1"))
        .containsExactly(
            List.of("AOS", "2014-05-19", "HIGH_BELOW_LOW"),
            List.of("LNT", "2016-05-19", "CLOSE_OUTSIDE_RANGE"));
  }

  private record Expected(long files, long rows, long valid) {}

  /**
   * A slow, obvious reading of the same rules: split on commas (the files have no quoting), empty
   * open/high/low allowed, range checks only where both ends are present.
   */
  private static Expected countWithReferenceRules(Path prices) throws IOException {
    long files = 0;
    long rows = 0;
    long valid = 0;
    try (Stream<Path> list = Files.list(prices)) {
      for (Path file : list.filter(p -> p.toString().endsWith(".csv")).toList()) {
        files++;
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
          rows++;
          String[] cells = line.split(",", -1);
          LocalDate.parse(cells[0]);
          BigDecimal open = cells[1].isEmpty() ? null : new BigDecimal(cells[1]);
          BigDecimal high = cells[2].isEmpty() ? null : new BigDecimal(cells[2]);
          BigDecimal low = cells[3].isEmpty() ? null : new BigDecimal(cells[3]);
          BigDecimal close = new BigDecimal(cells[4]);
          long volume = Long.parseLong(cells[5]);
          boolean ok = close.signum() > 0 && volume >= 0;
          if (high != null && low != null) {
            ok &= high.compareTo(low) >= 0;
            ok &= open == null || (open.compareTo(low) >= 0 && open.compareTo(high) <= 0);
            ok &= close.compareTo(low) >= 0 && close.compareTo(high) <= 0;
          }
          valid += ok ? 1 : 0;
        }
      }
    }
    return new Expected(files, rows, valid);
  }
}
