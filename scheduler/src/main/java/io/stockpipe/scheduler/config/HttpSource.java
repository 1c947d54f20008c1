package io.stockpipe.scheduler.config;

import io.stockpipe.db.DatabaseConfig;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.ingest.http.HttpPriceSource;
import io.stockpipe.ingest.http.HttpSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Stooq-style daily CSV endpoint and the tickers fetched from it, with the limits of {@code
 * ingest --source http:URL}. {@link #toString()} shows a password in the URL as {@code ***}.
 *
 * @param name the source's name
 * @param url http:// or https:// base URL
 * @param symbols the tickers, upper-case, each once
 * @param symbolsFile the file the tickers were read from, if they came from one
 * @param settings timeouts, retries, rate limit and limits on the endpoint's answers
 */
public record HttpSource(
    String name, URI url, List<String> symbols, Optional<Path> symbolsFile, HttpSettings settings)
    implements SourceConfig {

  public HttpSource {
    name = Settings.sourceName(name);
    Objects.requireNonNull(url, "http");
    Settings.require(
        "http".equals(url.getScheme()) || "https".equals(url.getScheme()),
        "http",
        "'" + DatabaseConfig.redact(url.toString()) + "' does not start with http:// or https://");
    symbols = List.copyOf(symbols);
    Objects.requireNonNull(symbolsFile, "symbols_file");
    String symbolsKey = symbolsFile.isPresent() ? "symbols_file" : "symbols";
    Settings.require(!symbols.isEmpty(), symbolsKey, "names no tickers");
    Set<String> seen = new HashSet<>();
    for (String symbol : symbols) {
      Settings.require(seen.add(symbol), symbolsKey, "'" + symbol + "' is listed twice");
    }
    Objects.requireNonNull(settings, "settings");
  }

  @Override
  public PriceSource priceSource(LocalDate from, LocalDate to) {
    return new HttpPriceSource(url.toString(), symbols, from, to, settings);
  }

  @Override
  public IngestOptions ingestOptions(IngestOptions base) {
    return base;
  }

  void describe(Describer out) {
    out.item();
    out.value("name", name);
    out.value("http", DatabaseConfig.redact(url.toString()));
    if (symbolsFile.isPresent()) {
      out.value("symbols_file", symbolsFile.get() + " (" + symbols.size() + " tickers)");
    } else {
      out.value("symbols", "[" + String.join(", ", symbols) + "]");
    }
    out.value("timeout_ms", settings.requestTimeout().toMillis());
    out.value("attempts", settings.maxAttempts());
    out.value("min_interval_ms", settings.minIntervalBetweenRequests().toMillis());
    out.value("symbol_suffix", settings.symbolSuffix());
    out.value("max_bytes", settings.maxResponseBytes());
    out.value("max_retry_after_s", settings.maxRetryAfter().toSeconds());
    out.value("follow_redirects", settings.redirectsToOtherHosts());
  }

  @Override
  public String toString() {
    return "HttpSource[name="
        + name
        + ", url="
        + DatabaseConfig.redact(url.toString())
        + ", symbols="
        + symbols
        + ", symbolsFile="
        + symbolsFile
        + ", settings="
        + settings
        + "]";
  }
}
