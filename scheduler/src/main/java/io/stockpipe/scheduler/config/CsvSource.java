package io.stockpipe.scheduler.config;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.ingest.csv.CsvLayout;
import io.stockpipe.ingest.csv.CsvPathSource;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * A CSV file or a directory of them. Whether it exists is checked when it is ingested, not when the
 * configuration is read: a directory another job fills may be empty or unmounted at start-up.
 *
 * @param name the source's name
 * @param path absolute; a relative {@code csv:} in the file is relative to the file's directory
 * @param format plain, yahoo, stooq, kaggle, or auto (each file's header says)
 */
public record CsvSource(String name, Path path, String format) implements SourceConfig {
  public static final String AUTO = "auto";

  public CsvSource {
    name = Settings.sourceName(name);
    Objects.requireNonNull(path, "csv");
    Settings.require(path.isAbsolute(), "csv", "'" + path + "' is not an absolute path");
    format = format == null ? AUTO : format.strip().toLowerCase(Locale.ROOT);
    if (!format.equals(AUTO)) {
      try {
        CsvLayout.forFormat(format);
      } catch (BadInputException e) {
        throw new InvalidSettingException(
            "format", "'" + format + "' is not one of plain, yahoo, stooq, kaggle, auto");
      }
    }
  }

  @Override
  public PriceSource priceSource(LocalDate from, LocalDate to) {
    return new CsvPathSource(path);
  }

  @Override
  public IngestOptions ingestOptions(IngestOptions base) {
    return base.withFormat(format);
  }

  void describe(Describer out) {
    out.item();
    out.value("name", name);
    out.value("csv", path);
    out.value("format", format);
  }
}
