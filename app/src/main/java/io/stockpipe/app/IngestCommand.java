package io.stockpipe.app;

import io.stockpipe.db.Database;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.IngestService;
import io.stockpipe.ingest.IngestSummary;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.ingest.csv.CsvPathSource;
import io.stockpipe.ingest.http.HttpPriceSource;
import io.stockpipe.ingest.http.HttpSettings;
import io.stockpipe.progress.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stockpipe ingest}: load daily bars from CSV files or an HTTP endpoint. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Load daily price bars into price_bar. Every refused row is kept in ingest_reject; a rerun"
          + " of the same input changes nothing.",
      "  ./stockpipe ingest --source csv:data/prices",
      "  ./stockpipe ingest --source http:https://stooq.com/q/d/l/ --symbols AAPL,MSFT"
          + " --from 2024-01-01 --to 2024-06-30"
    })
public final class IngestCommand implements Callable<Integer> {
  @Mixin DatabaseOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "csv:PATH|http:URL",
      description = "a CSV file or directory, or a Stooq-style daily CSV endpoint")
  String source;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description =
          "plain, yahoo, stooq, kaggle or auto (from each file's header);"
              + " default ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--strict", description = "any rejected row fails the run; nothing of it is kept")
  boolean strict;

  @Option(
      names = "--follow-links",
      description =
          "csv source: also read symbolic links that lead out of the source directory"
              + " (refused by default)")
  boolean followLinks;

  @Option(
      names = "--symbols",
      split = ",",
      paramLabel = "TICKER",
      description = "tickers to fetch (http source)")
  List<String> symbols = List.of();

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first date (http source)")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last date (http source)")
  LocalDate to;

  @Option(
      names = "--batch-rows",
      defaultValue = "" + IngestOptions.DEFAULT_BATCH_ROWS,
      description = "bars per transaction (whole files); default ${DEFAULT-VALUE}")
  int batchRows;

  @Option(
      names = "--loaders",
      defaultValue = "" + IngestOptions.DEFAULT_LOADERS,
      description = "database connections loading in parallel; default ${DEFAULT-VALUE}")
  int loaders;

  @Option(
      names = "--http-timeout-ms",
      defaultValue = "20000",
      description =
          "per request, the whole answer (headers and body) within it; default ${DEFAULT-VALUE}")
  long httpTimeoutMillis;

  @Option(
      names = "--http-attempts",
      defaultValue = "4",
      description = "tries per symbol, with doubling backoff; default ${DEFAULT-VALUE}")
  int httpAttempts;

  @Option(
      names = "--http-min-interval-ms",
      defaultValue = "500",
      description = "rate limit: time between two requests; default ${DEFAULT-VALUE}")
  long httpMinIntervalMillis;

  @Option(
      names = "--http-symbol-suffix",
      defaultValue = ".us",
      description = "added to the lower-case ticker in the URL; default ${DEFAULT-VALUE}")
  String httpSymbolSuffix;

  @Option(
      names = "--http-follow-redirects",
      description =
          "follow redirects to other hosts, ports or schemes too (never to private, loopback or"
              + " link-local addresses); by default only to the --source URL's own")
  boolean httpFollowRedirects;

  @Option(
      names = "--http-max-bytes",
      defaultValue = "" + HttpSettings.DEFAULT_MAX_RESPONSE_BYTES,
      description = "largest answer accepted per ticker; default ${DEFAULT-VALUE}")
  long httpMaxBytes;

  @Option(
      names = "--http-max-retry-after-s",
      defaultValue = "" + HttpSettings.DEFAULT_MAX_RETRY_AFTER_SECONDS,
      description =
          "longest Retry-After obeyed; a server asking for longer refuses the ticker at once;"
              + " default ${DEFAULT-VALUE}")
  long httpMaxRetryAfterSeconds;

  @Override
  public Integer call() {
    PriceSource priceSource = priceSource();
    IngestOptions ingestOptions =
        IngestOptions.defaults()
            .withFormat(format)
            .withStrict(strict)
            .withBatchRows(batchRows)
            .withLoaders(loaders);
    try (Database database = options.openMigrated()) {
      IngestSummary summary =
          run(database, priceSource, ingestOptions, spec.commandLine().getOut());
      return exitCode(summary);
    }
  }

  static IngestSummary run(
      Database database, PriceSource source, IngestOptions options, PrintWriter out) {
    out.println("ingest " + source.describe() + " into " + database.displayUrl());
    out.flush();
    IngestSummary summary =
        new IngestService(database.dataSource(), Clock.systemDefaultZone())
            .ingest(source, options, Progress.terminal("ingest", 0, "files"));
    out.print(summary.describe());
    out.flush();
    return summary;
  }

  static int exitCode(IngestSummary summary) {
    if (summary.failed()) {
      return Main.EXIT_FAILED;
    }
    return summary.filesRefused() > 0 ? Main.EXIT_PARTIAL : 0;
  }

  private PriceSource priceSource() {
    if (source.startsWith("csv:")) {
      return new CsvPathSource(Path.of(source.substring(4)), followLinks);
    }
    if (source.startsWith("http:")) {
      return new HttpPriceSource(
          source.substring(5),
          symbols,
          from,
          to,
          new HttpSettings(
              Duration.ofMillis(httpTimeoutMillis),
              httpAttempts,
              Duration.ofSeconds(1),
              Duration.ofMillis(httpMinIntervalMillis),
              httpSymbolSuffix,
              httpFollowRedirects,
              httpMaxBytes,
              Duration.ofSeconds(httpMaxRetryAfterSeconds)));
    }
    throw new BadInputException("--source must be csv:PATH or http:URL, was '" + source + "'");
  }
}
