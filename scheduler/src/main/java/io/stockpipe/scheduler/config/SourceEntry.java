package io.stockpipe.scheduler.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.http.HttpSettings;
import io.stockpipe.ingest.validation.PriceBar;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One item of {@code sources:} as the file has it, every key optional, until {@link #toSource}
 * decides which kind of source it is and checks that its keys fit that kind.
 */
record SourceEntry(
    @JsonProperty("name") String name,
    @JsonProperty("csv") String csv,
    @JsonProperty("format") String format,
    @JsonProperty("http") String http,
    @JsonProperty("symbols") List<String> symbols,
    @JsonProperty("symbols_file") String symbolsFile,
    @JsonProperty("timeout_ms") Long timeoutMillis,
    @JsonProperty("attempts") Integer attempts,
    @JsonProperty("min_interval_ms") Long minIntervalMillis,
    @JsonProperty("symbol_suffix") String symbolSuffix,
    @JsonProperty("max_bytes") Long maxBytes,
    @JsonProperty("max_retry_after_s") Long maxRetryAfterSeconds,
    @JsonProperty("follow_redirects") Boolean followRedirects) {

  /**
   * The source this entry describes; relative paths in it are relative to {@code baseDirectory}
   * (the configuration file's).
   */
  SourceConfig toSource(Path baseDirectory) {
    Settings.sourceName(name);
    if (csv != null && http != null) {
      throw new InvalidSettingException("http", "a source has csv: or http:, not both");
    }
    if (csv != null) {
      refuseKeysOfTheOtherKind(
          "an http source's",
          Map.of(
              "symbols", Optional.ofNullable(symbols),
              "symbols_file", Optional.ofNullable(symbolsFile),
              "timeout_ms", Optional.ofNullable(timeoutMillis),
              "attempts", Optional.ofNullable(attempts),
              "min_interval_ms", Optional.ofNullable(minIntervalMillis),
              "symbol_suffix", Optional.ofNullable(symbolSuffix),
              "max_bytes", Optional.ofNullable(maxBytes),
              "max_retry_after_s", Optional.ofNullable(maxRetryAfterSeconds),
              "follow_redirects", Optional.ofNullable(followRedirects)));
      return new CsvSource(name, path(baseDirectory, "csv", csv), format);
    }
    if (http != null) {
      refuseKeysOfTheOtherKind("a csv source's", Map.of("format", Optional.ofNullable(format)));
      return httpSource(baseDirectory);
    }
    throw new InvalidSettingException("", "a source needs csv: PATH or http: URL");
  }

  private static void refuseKeysOfTheOtherKind(String kind, Map<String, Optional<?>> keys) {
    keys.entrySet().stream()
        .filter(key -> key.getValue().isPresent())
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst()
        .ifPresent(
            key -> {
              throw new InvalidSettingException(key, "is " + kind + " key");
            });
  }

  private HttpSource httpSource(Path baseDirectory) {
    URI url;
    try {
      url = new URI(http.strip());
    } catch (URISyntaxException e) {
      throw new InvalidSettingException("http", "'" + http + "' is not a URL: " + e.getReason());
    }
    if (symbols != null && symbolsFile != null) {
      throw new InvalidSettingException(
          "symbols_file", "a source has symbols: or symbols_file:, not both");
    }
    List<String> tickers;
    Optional<Path> tickersFile = Optional.empty();
    if (symbols != null) {
      tickers = new ArrayList<>();
      for (int i = 0; i < symbols.size(); i++) {
        tickers.add(ticker("symbols[" + i + "]", symbols.get(i)));
      }
    } else if (symbolsFile != null) {
      tickersFile = Optional.of(path(baseDirectory, "symbols_file", symbolsFile));
      tickers = readTickers(tickersFile.get());
    } else {
      throw new InvalidSettingException(
          "symbols", "an http source needs symbols: [A, B] or symbols_file: PATH");
    }
    HttpSettings defaults = HttpSettings.DEFAULTS;
    HttpSettings settings =
        new HttpSettings(
            timeoutMillis == null
                ? defaults.requestTimeout()
                : Settings.millis("timeout_ms", timeoutMillis, 1),
            attempts == null
                ? defaults.maxAttempts()
                : (int) Settings.atLeast("attempts", attempts, 1),
            // The same first backoff as `ingest --source http:`, which has no flag for it either.
            defaults.initialBackoff(),
            minIntervalMillis == null
                ? defaults.minIntervalBetweenRequests()
                : Settings.millis("min_interval_ms", minIntervalMillis, 0),
            symbolSuffix == null ? defaults.symbolSuffix() : symbolSuffix.strip(),
            followRedirects == null ? defaults.redirectsToOtherHosts() : followRedirects,
            maxBytes == null
                ? defaults.maxResponseBytes()
                : Settings.atLeast("max_bytes", maxBytes, 1),
            maxRetryAfterSeconds == null
                ? defaults.maxRetryAfter()
                : Settings.seconds("max_retry_after_s", maxRetryAfterSeconds, 0));
    return new HttpSource(name, url, tickers, tickersFile, settings);
  }

  private static Path path(Path baseDirectory, String key, String text) {
    String trimmed = Settings.optionalText(key, text);
    try {
      return baseDirectory.resolve(trimmed).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidSettingException(key, "'" + text + "' is not a path: " + e.getReason());
    }
  }

  private static String ticker(String key, String text) {
    Settings.require(text != null, key, "is empty");
    try {
      return PriceBar.requireSymbol(text.strip().toUpperCase(Locale.ROOT));
    } catch (BadInputException e) {
      throw new InvalidSettingException(key, e.getMessage());
    }
  }

  /**
   * The tickers of a symbols file: separated by commas, spaces or line breaks, {@code #} to the end
   * of a line a comment.
   */
  static List<String> readTickers(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new InvalidSettingException("symbols_file", file + " does not exist");
    } catch (IOException e) {
      throw new InvalidSettingException("symbols_file", "cannot read " + file + ": " + e);
    }
    List<String> tickers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int comment = line.indexOf('#');
      String content = comment < 0 ? line : line.substring(0, comment);
      for (String token : content.split("[,\\s]+")) {
        if (!token.isEmpty()) {
          try {
            tickers.add(PriceBar.requireSymbol(token.toUpperCase(Locale.ROOT)));
          } catch (BadInputException e) {
            throw new InvalidSettingException(
                "symbols_file", file + ":" + (i + 1) + ": " + e.getMessage());
          }
        }
      }
    }
    return tickers;
  }
}
