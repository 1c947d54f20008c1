package io.stockpipe.ingest;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Small helpers for ingest tests: write a file, ingest a path, ask the database. */
final class IngestFixture {
  /** "Today" for tests: fixed, so that the future-date rule is deterministic. */
  static final Clock TODAY_2025_06_30 =
      Clock.fixed(Instant.parse("2025-06-30T12:00:00Z"), ZoneOffset.UTC);

  private final Database database;

  IngestFixture(Database database) {
    this.database = database;
  }

  static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  IngestSummary ingest(Path path) {
    return ingest(path, IngestOptions.defaults());
  }

  IngestSummary ingest(Path path, IngestOptions options) {
    return new IngestService(database.dataSource(), TODAY_2025_06_30)
        .ingest(new CsvPathSource(path), options, Progress.silent());
  }

  List<List<String>> rows(String sql) {
    return QueryRunner.asOwner(database.dataSource()).run(sql).rows();
  }

  String value(String sql) {
    return rows(sql).get(0).get(0);
  }

  long count(String sql) {
    return Long.parseLong(value(sql));
  }

  /**
   * A fingerprint of price_bar that changes when any row is inserted, deleted, changed or even
   * rewritten with equal values (xmin is the writing transaction).
   */
  String priceBarFingerprint() {
    return value(
        "SELECT count(*) || ':' || coalesce(md5(string_agg(p::text || '@' || p.xmin::text, ','"
            + " ORDER BY symbol, trade_date)), '') FROM price_bar p");
  }
}
