package io.stockpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever can write into a source directory must not make ingest read files elsewhere: a link out
 * of the directory is refused unopened, a link within it is read like the file it names.
 */
@ExtendWith(PostgresExtension.class)
class SourceLinksTest {
  private static final String HEADER = "date,open,high,low,close,volume\n";
  private static final String SECRET = "root:x:0:0:TOPSECRET-4711:/root:/bin/bash\n";

  @TempDir Path tmp;
  private Path source;
  private Path outside;
  private IngestFixture fixture;
  private Database database;

  @BeforeEach
  void setUp(Database database) throws IOException {
    this.database = database;
    fixture = new IngestFixture(database);
    source = Files.createDirectories(tmp.resolve("prices"));
    outside = Files.createDirectories(tmp.resolve("elsewhere"));
    IngestFixture.write(source.resolve("GOOD.csv"), HEADER + "2024-01-02,1,2,1,1.5,10\n");
    IngestFixture.write(outside.resolve("passwd"), SECRET);
    IngestFixture.write(
        outside.resolve("AAPL.csv"), HEADER + "2024-01-02,1,2,1,1.5,10\n2024-01-03,1,2,1,1.6,10\n");
  }

  @Test
  void aLinkOutOfTheSourceDirectoryIsRefusedAndNothingOfItsTargetIsStored() throws IOException {
    Files.createSymbolicLink(source.resolve("EVIL.csv"), outside.resolve("passwd"));
    Files.createSymbolicLink(source.resolve("ALSO.csv"), Path.of("..", "elsewhere", "AAPL.csv"));

    IngestSummary summary = fixture.ingest(source);

    assertThat(summary.files()).isEqualTo(3);
    assertThat(summary.filesRefused()).isEqualTo(2);
    assertThat(fixture.rows("SELECT DISTINCT symbol FROM price_bar"))
        .containsExactly(List.of("GOOD"));
    Path realSource = source.toRealPath();
    Path realOutside = outside.toRealPath();
    assertThat(
            fixture.rows(
                "SELECT regexp_replace(source_file, '.*/', ''), rule, reason, raw_line"
                    + " FROM ingest_reject ORDER BY 1"))
        .containsExactly(
            Arrays.asList(
                "ALSO.csv",
                "FILE_LINK_OUTSIDE_SOURCE",
                "ALSO.csv is a symbolic link to "
                    + realOutside.resolve("AAPL.csv")
                    + ", outside the source directory "
                    + realSource
                    + "; not read (ingest --follow-links would read it)",
                null),
            Arrays.asList(
                "EVIL.csv",
                "FILE_LINK_OUTSIDE_SOURCE",
                "EVIL.csv is a symbolic link to "
                    + realOutside.resolve("passwd")
                    + ", outside the source directory "
                    + realSource
                    + "; not read (ingest --follow-links would read it)",
                null));
    assertThat(rowsMentioning("TOPSECRET")).isEmpty();
  }

  @Test
  void aFileSourceThatIsALinkOutOfItsDirectoryIsRefusedToo() throws IOException {
    Path link = Files.createSymbolicLink(source.resolve("EVIL.csv"), outside.resolve("passwd"));

    IngestSummary summary = fixture.ingest(link);

    assertThat(summary.filesRefused()).isEqualTo(1);
    assertThat(fixture.value("SELECT rule FROM ingest_reject"))
        .isEqualTo("FILE_LINK_OUTSIDE_SOURCE");
    assertThat(rowsMentioning("TOPSECRET")).isEmpty();
  }

  /** Reading a link to a file of the same directory reads nothing the source does not hold. */
  @Test
  void aLinkWithinTheSourceDirectoryIsReadUnderItsOwnName() throws IOException {
    IngestFixture.write(
        source.resolve("kept").resolve("BRK.B.csv"), HEADER + "2024-01-05,1,2,1,1.5,10\n");
    Files.createSymbolicLink(source.resolve("BRK-B.csv"), Path.of("kept", "BRK.B.csv"));
    Files.createSymbolicLink(source.resolve("SAME.csv"), source.resolve("GOOD.csv"));

    IngestSummary summary = fixture.ingest(source);

    assertThat(summary.filesRefused()).isZero();
    assertThat(fixture.rows("SELECT symbol, trade_date FROM price_bar ORDER BY 1"))
        .containsExactly(
            List.of("BRK-B", "2024-01-05"),
            List.of("GOOD", "2024-01-02"),
            List.of("SAME", "2024-01-02"));
  }

  @Test
  void followLinksReadsALinkOutOfTheDirectory() throws IOException {
    Files.createSymbolicLink(source.resolve("ALSO.csv"), outside.resolve("AAPL.csv"));

    IngestSummary summary =
        new IngestService(database.dataSource(), IngestFixture.TODAY_2025_06_30)
            .ingest(new CsvPathSource(source, true), IngestOptions.defaults(), Progress.silent());

    assertThat(summary.filesRefused()).isZero();
    assertThat(fixture.count("SELECT count(*) FROM price_bar WHERE symbol = 'ALSO'")).isEqualTo(2);
  }

  @Test
  void aLinkToNothingIsRefusedByName() throws IOException {
    Files.createSymbolicLink(source.resolve("GONE.csv"), source.resolve("moved-away.csv"));

    IngestSummary summary = fixture.ingest(source);

    assertThat(summary.filesRefused()).isEqualTo(1);
    assertThat(fixture.rows("SELECT rule, reason FROM ingest_reject"))
        .containsExactly(
            List.of(
                "FILE_UNREADABLE",
                "GONE.csv is a symbolic link to "
                    + source.toRealPath().resolve("moved-away.csv")
                    + ", which does not exist"));
  }

  /** A file replaced by a link between listing and reading is not followed either. */
  @Test
  void aFileSwappedForALinkAfterTheListingIsNotFollowed() throws IOException {
    List<SourceFile> listed = new CsvPathSource(source).files();
    Files.delete(source.resolve("GOOD.csv"));
    Files.createSymbolicLink(source.resolve("GOOD.csv"), outside.resolve("passwd"));
    PriceSource swapped =
        new PriceSource() {
          @Override
          public String describe() {
            return "test:swapped";
          }

          @Override
          public List<SourceFile> files() {
            return listed;
          }
        };

    IngestSummary summary =
        new IngestService(database.dataSource(), IngestFixture.TODAY_2025_06_30)
            .ingest(swapped, IngestOptions.defaults(), Progress.silent());

    assertThat(summary.filesRefused()).isEqualTo(1);
    assertThat(fixture.value("SELECT rule FROM ingest_reject")).isEqualTo("FILE_UNREADABLE");
    assertThat(rowsMentioning("TOPSECRET")).isEmpty();
  }

  /** Every row of every table of the schema whose text holds {@code secret}. */
  private List<List<String>> rowsMentioning(String secret) {
    List<List<String>> found = new ArrayList<>();
    for (List<String> table :
        fixture.rows(
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
      found.addAll(
          fixture.rows(
              "SELECT '"
                  + table.get(0)
                  + "', t::text FROM \""
                  + table.get(0)
                  + "\" t WHERE t::text LIKE '%"
                  + secret
                  + "%'"));
    }
    return found;
  }
}
