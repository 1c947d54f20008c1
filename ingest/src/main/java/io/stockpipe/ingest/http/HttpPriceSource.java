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
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily bars from a Stooq-style CSV endpoint: {@code BASE?s=aapl.us&d1=yyyyMMdd&d2=yyyyMMdd&i=d}
 * answering {@code Date,Open,High,Low,Close,Volume}. One request per symbol, fetched when the
 * loader opens it, so the rate limit spaces out real work. Thread-safe: loaders fetch in parallel,
 * sharing the client and the rate limit.
 */
public final class HttpPriceSource implements PriceSource {
  private static final Logger log = LoggerFactory.getLogger(HttpPriceSource.class);
  private static final DateTimeFormatter URL_DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int MAX_REDIRECTS = 5;

  private final URI baseUrl;
  private final List<String> symbols;
  private final LocalDate from;
  private final LocalDate to;
  private final HttpSettings settings;
  private final HttpClient client;
  private final RedirectPolicy redirectPolicy;
  private final Clock clock = Clock.systemUTC();
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
    this.redirectPolicy = new RedirectPolicy(this.baseUrl, settings.redirectsToOtherHosts());
    // Redirects are followed by hand, each judged by the policy; the client would follow any.
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
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
    String lastProblem = "";
    Duration backoff = settings.initialBackoff();
    Duration wait = backoff;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (attempt > 1) {
        log.warn(
            "{}: attempt {} failed ({}); retrying in {}", symbol, attempt - 1, lastProblem, wait);
        sleep(wait);
        backoff = backoff.multipliedBy(2);
        wait = backoff;
      }
      Reply reply;
      try {
        reply = followRedirects(symbol, url);
      } catch (TransientFailure e) {
        lastProblem = e.getMessage();
        continue;
      }
      int status = reply.status();
      if (status >= 500 || status == 429) {
        lastProblem = "HTTP " + status;
        Optional<Duration> retryAfter =
            reply.headers().firstValue("Retry-After").flatMap(this::retryAfter);
        if (retryAfter.isPresent()) {
          Duration asked = retryAfter.get();
          if (asked.compareTo(settings.maxRetryAfter()) > 0) {
            // Waiting an hour for one ticker holds the whole run; the operator decides.
            throw new SourceUnavailableException(
                symbol
                    + ": "
                    + reply.uri()
                    + " answered HTTP "
                    + status
                    + " and asked to wait "
                    + wholeSeconds(asked)
                    + " before retrying, longer than the cap "
                    + settings.maxRetryAfter()
                    + "; not retried (--http-max-retry-after-s raises the cap)");
          }
          lastProblem += ", Retry-After " + wholeSeconds(asked);
          // The server's wait replaces this one wait; the backoff goes on doubling from its own.
          wait = asked.compareTo(backoff) > 0 ? asked : backoff;
        }
        continue;
      }
      if (status != 200) {
        throw new SourceUnavailableException(
            symbol + ": " + reply.uri() + " answered HTTP " + status + " (not retried)");
      }
      return requireCsv(symbol, reply);
    }
    throw new SourceUnavailableException(
        symbol + ": " + url + " failed " + settings.maxAttempts() + " times; last: " + lastProblem);
  }

  /** One attempt: the request and the redirects it leads to, each judged by the policy. */
  private Reply followRedirects(String symbol, URI url)
      throws SourceUnavailableException, TransientFailure {
    Set<URI> visited = new HashSet<>();
    visited.add(url);
    URI current = url;
    for (int redirects = 0; ; redirects++) {
      Reply reply = exchange(symbol, current);
      if (!REDIRECTS.contains(reply.status())) {
        return reply;
      }
      String refused = symbol + ": " + current + " answered HTTP " + reply.status();
      Optional<String> location = reply.headers().firstValue("Location");
      if (location.isEmpty()) {
        throw new SourceUnavailableException(refused + " without a Location (not retried)");
      }
      URI target;
      try {
        target = current.resolve(location.get().strip());
      } catch (IllegalArgumentException e) {
        throw new SourceUnavailableException(
            refused + " to '" + snippet(location.get()) + "', not a URL (not retried)");
      }
      String redirected = symbol + ": " + current + " redirected to " + target + ": refused, ";
      if (!visited.add(target)) {
        throw new SourceUnavailableException(redirected + "a redirect loop (not retried)");
      }
      if (redirects == MAX_REDIRECTS) {
        throw new SourceUnavailableException(
            redirected
                + "more than "
                + MAX_REDIRECTS
                + " redirects from "
                + url
                + " (not retried)");
      }
      Optional<String> why = redirectPolicy.refusal(target);
      if (why.isPresent()) {
        throw new SourceUnavailableException(redirected + why.get() + " (not retried)");
      }
      current = target;
    }
  }

  /**
   * One request, bounded in time as a whole: the client's own timeout ends at the headers, and a
   * body sent at a byte a second would hold the run for as long as the server likes.
   */
  private Reply exchange(String symbol, URI url)
      throws SourceUnavailableException, TransientFailure {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(settings.requestTimeout())
            .header("Accept", "text/csv, text/plain")
            .header("User-Agent", "stockpipe")
            .GET()
            .build();
    awaitRateLimit();
    long timeoutMillis = settings.requestTimeout().toMillis();
    BoundedBody body = new BoundedBody(settings.maxResponseBytes());
    CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, body);
    try {
      HttpResponse<byte[]> response = pending.get(timeoutMillis, TimeUnit.MILLISECONDS);
      return new Reply(
          url,
          response.statusCode(),
          response.headers(),
          new String(response.body(), StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      giveUp(pending, body);
      throw new TransientFailure(
          body.headersArrived()
              ? "the body did not finish within " + timeoutMillis + " ms"
              : "no answer within " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      if (body.overLimit()) {
        throw new SourceUnavailableException(
            symbol
                + ": "
                + url
                + " sent more than "
                + settings.maxResponseBytes()
                + " bytes, the limit (--http-max-bytes raises it); not retried");
      }
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw new TransientFailure("no answer within " + timeoutMillis + " ms");
      }
      throw new TransientFailure("I/O error: " + cause);
    } catch (InterruptedException e) {
      giveUp(pending, body);
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException(symbol + ": interrupted while fetching " + url);
    }
  }

  private static void giveUp(CompletableFuture<?> pending, BoundedBody body) {
    body.abandon();
    pending.cancel(true);
  }

  /** Endpoints answer errors with 200 and a page: an HTML page or a one-line "No data". */
  private static String requireCsv(String symbol, Reply reply) throws SourceUnavailableException {
    String body = reply.body();
    String start = body.stripLeading();
    String contentType = reply.headers().firstValue("Content-Type").orElse("");
    String firstLine = start.lines().findFirst().orElse("");
    boolean stooqBulkHeader = start.regionMatches(true, 0, "<TICKER>,", 0, 9);
    if (contentType.contains("html") || (start.startsWith("<") && !stooqBulkHeader)) {
      throw new SourceUnavailableException(
          symbol
              + ": "
              + reply.uri()
              + " returned an HTML page, not CSV (starts '"
              + snippet(firstLine)
              + "')");
    }
    if (!firstLine.contains(",")) {
      throw new SourceUnavailableException(
          symbol + ": " + reply.uri() + " returned no CSV: '" + snippet(firstLine) + "'");
    }
    return body;
  }

  /** {@code Retry-After} is delay-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
  private Optional<Duration> retryAfter(String value) {
    String trimmed = value.strip();
    try {
      if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
      }
      ZonedDateTime until = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), until.toInstant());
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (NumberFormatException | DateTimeParseException e) {
      return Optional.empty(); // unreadable: the backoff alone decides
    }
  }

  /** Rounded up, so that "PT59M59.4S" reads as the wait the server asked for. */
  private static Duration wholeSeconds(Duration duration) {
    Duration seconds = duration.truncatedTo(ChronoUnit.SECONDS);
    return seconds.equals(duration) ? seconds : seconds.plusSeconds(1);
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

  /** What one exchange brought back, with the URL that answered. */
  private record Reply(URI uri, int status, HttpHeaders headers, String body) {}

  /** A failure worth another attempt: a timeout, an I/O error. */
  private static final class TransientFailure extends Exception {
    private static final long serialVersionUID = 1L;

    TransientFailure(String problem) {
      super(problem);
    }
  }

  private static String snippet(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", " ").strip();
    return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
  }
}
