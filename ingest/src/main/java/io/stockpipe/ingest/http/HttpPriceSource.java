package io.stockpipe.ingest.http;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.PriceSource;
import io.stockpipe.ingest.SourceFile;
import io.stockpipe.ingest.SourceUnavailableException;
import io.stockpipe.ingest.validation.PriceBar;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily bars from a Stooq-style CSV endpoint: {@code BASE?s=aapl.us&d1=yyyyMMdd&d2=yyyyMMdd&i=d}
 * answering {@code Date,Open,High,Low,Close,Volume}. One request per symbol, fetched when the
 * loader opens it, so the rate limit spaces out real work.
 */
public final class HttpPriceSource implements PriceSource {
  private static final Logger log = LoggerFactory.getLogger(HttpPriceSource.class);
  private static final DateTimeFormatter URL_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private final URI baseUrl;
  private final List<String> symbols;
  private final LocalDate from;
  private final LocalDate to;
  private final HttpSettings settings;
  private final HttpClient client;
  private final Object rateLimitLock = new Object();
  private long lastRequestStartNanos = Long.MIN_VALUE;

  public HttpPriceSource(
      String baseUrl, List<String> symbols, LocalDate from, LocalDate to, HttpSettings settings) {
    try {
      this.baseUrl = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("HTTP source URL '" + baseUrl + "' is not a URL");
    }
    if (!"http".equals(this.baseUrl.getScheme()) && !"https".equals(this.baseUrl.getScheme())) {
      throw new BadInputException(
          "HTTP source URL must start with http:// or https://: " + baseUrl);
    }
    if (symbols.isEmpty()) {
      throw new BadInputException("an HTTP source needs --symbols");
    }
    if (from == null || to == null || from.isAfter(to)) {
      throw new BadInputException(
          "an HTTP source needs --from and --to with from <= to (got " + from + " .. " + to + ")");
    }
    this.symbols =
        symbols.stream()
            .map(symbol -> symbol == null ? "" : symbol.trim().toUpperCase(Locale.ROOT))
            .map(PriceBar::requireSymbol)
            .toList();
    this.from = from;
    this.to = to;
    this.settings = settings;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public String describe() {
    return "http:" + baseUrl + " symbols=" + String.join(",", symbols) + " " + from + ".." + to;
  }

  @Override
  public List<SourceFile> files() {
    return symbols.stream().<SourceFile>map(SymbolDocument::new).toList();
  }

  URI urlFor(String symbol) {
    String separator = baseUrl.getRawQuery() == null ? "?" : "&";
    String query =
        "s="
            + URLEncoder.encode(
                symbol.toLowerCase(Locale.ROOT) + settings.symbolSuffix(), StandardCharsets.UTF_8)
            + "&d1="
            + from.format(URL_DATE)
            + "&d2="
            + to.format(URL_DATE)
            + "&i=d";
    return URI.create(baseUrl + separator + query);
  }

  private final class SymbolDocument implements SourceFile {
    private final String symbol;

    SymbolDocument(String symbol) {
      this.symbol = symbol;
    }

    @Override
    public String name() {
      return urlFor(symbol).toString();
    }

    @Override
    public String symbolFromName() {
      return symbol;
    }

    @Override
    public Reader open() throws IOException {
      return new StringReader(fetch(symbol, urlFor(symbol)));
    }
  }

  private String fetch(String symbol, URI url) throws SourceUnavailableException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(settings.requestTimeout())
            .header("Accept", "text/csv, text/plain")
            .header("User-Agent", "stockpipe")
            .GET()
            .build();
    String lastProblem = "";
    Duration backoff = settings.initialBackoff();
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (attempt > 1) {
        log.warn(
            "{}: attempt {} failed ({}); retrying in {}",
            symbol,
            attempt - 1,
            lastProblem,
            backoff);
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
      awaitRateLimit();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (HttpTimeoutException e) {
        lastProblem = "no answer within " + settings.requestTimeout().toMillis() + " ms";
        continue;
      } catch (IOException e) {
        lastProblem = "I/O error: " + e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceUnavailableException(symbol + ": interrupted while fetching " + url);
      }
      int status = response.statusCode();
      if (status >= 500 || status == 429) {
        lastProblem = "HTTP " + status;
        Optional<Duration> retryAfter = retryAfter(response);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(backoff) > 0) {
          backoff = retryAfter.get();
        }
        continue;
      }
      if (status != 200) {
        throw new SourceUnavailableException(
            symbol + ": " + url + " answered HTTP " + status + " (not retried)");
      }
      return requireCsv(symbol, url, response);
    }
    throw new SourceUnavailableException(
        symbol + ": " + url + " failed " + settings.maxAttempts() + " times; last: " + lastProblem);
  }

  /** Endpoints answer errors with 200 and a page: an HTML page or a one-line "No data". */
  private static String requireCsv(String symbol, URI url, HttpResponse<String> response)
      throws SourceUnavailableException {
    String body = response.body();
    String start = body.stripLeading();
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    String firstLine = start.lines().findFirst().orElse("");
    boolean stooqBulkHeader = start.regionMatches(true, 0, "<TICKER>,", 0, 9);
    if (contentType.contains("html") || (start.startsWith("<") && !stooqBulkHeader)) {
      throw new SourceUnavailableException(
          symbol
              + ": "
              + url
              + " returned an HTML page, not CSV (starts '"
              + snippet(firstLine)
              + "')");
    }
    if (!firstLine.contains(",")) {
      throw new SourceUnavailableException(
          symbol + ": " + url + " returned no CSV: '" + snippet(firstLine) + "'");
    }
    return body;
  }

  private static Optional<Duration> retryAfter(HttpResponse<String> response) {
    try {
      return response
          .headers()
          .firstValue("Retry-After")
          .map(Long::parseLong)
          .map(Duration::ofSeconds);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void awaitRateLimit() {
    synchronized (rateLimitLock) {
      long interval = settings.minIntervalBetweenRequests().toNanos();
      if (lastRequestStartNanos != Long.MIN_VALUE) {
        long wait = lastRequestStartNanos + interval - System.nanoTime();
        if (wait > 0) {
          sleep(Duration.ofNanos(wait));
        }
      }
      lastRequestStartNanos = System.nanoTime();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String snippet(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", " ").strip();
    return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
  }
}
