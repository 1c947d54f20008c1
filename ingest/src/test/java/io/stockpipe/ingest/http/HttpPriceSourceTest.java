package io.stockpipe.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.ingest.IngestOptions;
import io.stockpipe.ingest.IngestService;
import io.stockpipe.ingest.IngestSummary;
import io.stockpipe.progress.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP source against a real HTTP server on the loopback interface that plays Stooq: CSV for
 * known tickers, and the failures a real endpoint shows (5xx, timeouts, HTML error pages, "No
 * data"). Settings are short so that retries and timeouts cost milliseconds, not seconds.
 */
@ExtendWith(PostgresExtension.class)
class HttpPriceSourceTest {
  private static final LocalDate FROM = LocalDate.of(2024, 1, 2);
  private static final LocalDate TO = LocalDate.of(2024, 1, 5);
  private static final String WINDOW_QUERY = "&d1=20240102&d2=20240105&i=d";
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
  private static final int MAX_ATTEMPTS = 3;
  private static final HttpSettings FAST =
      new HttpSettings(
          REQUEST_TIMEOUT,
          MAX_ATTEMPTS,
          Duration.ofMillis(20),
          Duration.ZERO,
          ".us",
          false,
          HttpSettings.DEFAULT_MAX_RESPONSE_BYTES,
          HttpSettings.DEFAULT_MAX_RETRY_AFTER);

  private static final String AAPL_CSV =
      """
      Date,Open,High,Low,Close,Volume
      2024-01-02,187.15,188.44,183.885,185.64,82488674
      2024-01-03,184.22,185.88,183.43,184.25,58414461
      2024-01-04,182.15,183.0872,180.88,181.91,71983570
      """;
  private static final String MSFT_CSV =
      """
      Date,Open,High,Low,Close,Volume
      2024-01-02,373.86,375.9,366.77,370.87,25258600
      2024-01-03,369.01,373.26,368.51,370.6,23083465
      """;

  private FakeStooq stooq;

  @BeforeEach
  void startServer() throws IOException {
    stooq = new FakeStooq();
  }

  @AfterEach
  void stopServer() {
    stooq.close();
  }

  @Test
  void loadsEverySymbolAndAsksForItsDateWindow(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.csv(AAPL_CSV));
    stooq.script("msft.us", Answer.csv(MSFT_CSV));

    IngestSummary summary = ingest(database, source(FAST, "AAPL", "msft"));

    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(summary.files()).isEqualTo(2);
    assertThat(summary.rowsLoaded()).isEqualTo(5);
    assertThat(barCount(database, "AAPL")).isEqualTo(3);
    assertThat(barCount(database, "MSFT")).isEqualTo(2);
    assertThat(rejects(database)).isEmpty();

    Map<String, Object> bar =
        row(
            database,
            "SELECT open, high, low, close, adj_close, volume, source FROM price_bar"
                + " WHERE symbol = 'AAPL' AND trade_date = DATE '2024-01-04'");
    assertThat((BigDecimal) bar.get("open")).isEqualByComparingTo("182.15");
    assertThat((BigDecimal) bar.get("high")).isEqualByComparingTo("183.0872");
    assertThat((BigDecimal) bar.get("low")).isEqualByComparingTo("180.88");
    assertThat((BigDecimal) bar.get("close")).isEqualByComparingTo("181.91");
    assertThat(bar.get("adj_close")).isNull();
    assertThat(bar.get("volume")).isEqualTo(71_983_570L);
    assertThat(bar.get("source")).isEqualTo(stooq.baseUrl() + "?s=aapl.us" + WINDOW_QUERY);

    assertThat(stooq.requests())
        .extracting(SeenRequest::path, SeenRequest::query)
        .containsExactly(
            tuple(FakeStooq.PATH, "s=aapl.us" + WINDOW_QUERY),
            tuple(FakeStooq.PATH, "s=msft.us" + WINDOW_QUERY));
  }

  @Test
  void retriesAServerErrorAndLoadsTheSecondAnswer(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.status(500, "busy"), Answer.csv(AAPL_CSV));

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(barCount(database, "AAPL")).isEqualTo(3);
    assertThat(rejects(database)).isEmpty();
    assertThat(stooq.requestsFor("aapl.us")).hasSize(2);
  }

  @Test
  void refusesASymbolThatFailsEveryAttemptAndStillLoadsTheOthers(Database database)
      throws SQLException {
    stooq.script("aapl.us", Answer.csv(AAPL_CSV));
    stooq.script("msft.us", Answer.status(500, "internal error"));

    IngestSummary summary = ingest(database, source(FAST, "AAPL", "MSFT"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(summary.filesRefused()).isEqualTo(1);
    assertThat(barCount(database, "AAPL")).isEqualTo(3);
    assertThat(barCount(database, "MSFT")).isZero();
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.lineNumber()).isNull();
    assertThat(reject.sourceFile()).isEqualTo(stooq.baseUrl() + "?s=msft.us" + WINDOW_QUERY);
    assertThat(reject.reason())
        .contains("MSFT")
        .contains("HTTP 500")
        .contains("failed " + MAX_ATTEMPTS + " times");
    assertThat(stooq.requestsFor("msft.us")).hasSize(MAX_ATTEMPTS);
  }

  @Test
  void refusesASymbolWhoseServerNeverAnswersInTime(Database database) throws SQLException {
    // Far longer than the timeout; the server's executor is shut down after the test, which
    // interrupts the sleeping handlers, so they do not outlive it.
    stooq.script("aapl.us", Answer.csv(AAPL_CSV).after(Duration.ofSeconds(30)));

    long startNanos = System.nanoTime();
    IngestSummary summary = ingest(database, source(FAST, "AAPL"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(barCount(database, "AAPL")).isZero();
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.lineNumber()).isNull();
    assertThat(reject.reason())
        .contains("AAPL")
        .contains("no answer within " + REQUEST_TIMEOUT.toMillis() + " ms");
    // A timeout is worth retrying: every attempt reached the server.
    assertThat(stooq.requestsFor("aapl.us")).hasSize(MAX_ATTEMPTS);
    // Each attempt gave up at the timeout instead of waiting for the slow answer.
    assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void refusesAnHtmlErrorPageServedWithStatus200WithoutRetrying(Database database)
      throws SQLException {
    stooq.script(
        "aapl.us",
        new Answer(
            200, "text/html; charset=utf-8", "<html><body>Service unavailable</body></html>"));

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(barCount(database, "AAPL")).isZero();
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.lineNumber()).isNull();
    assertThat(reject.reason()).contains("AAPL").contains("HTML").contains("Service unavailable");
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
  }

  @Test
  void refusesAnUnknownTickerThatStooqAnswersWithNoData(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.csv(AAPL_CSV));
    stooq.script("nosuch.us", new Answer(200, "text/plain", "No data"));

    IngestSummary summary = ingest(database, source(FAST, "AAPL", "NOSUCH"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(barCount(database, "AAPL")).isEqualTo(3);
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.lineNumber()).isNull();
    assertThat(reject.reason()).contains("NOSUCH").contains("No data");
    // "No data" is the endpoint's final word about the ticker; asking again cannot change it.
    assertThat(stooq.requestsFor("nosuch.us")).hasSize(1);
  }

  @Test
  void refusesANotFoundWithoutRetrying(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.status(404, "not found"));

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(barCount(database, "AAPL")).isZero();
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.lineNumber()).isNull();
    assertThat(reject.reason()).contains("AAPL").contains("HTTP 404").contains("not retried");
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
  }

  @Test
  void spacesRequestStartsByTheRateLimit(Database database)
      throws SQLException, IOException, InterruptedException {
    warmUpTheJdkHttpClient();
    Duration interval = Duration.ofMillis(200);
    HttpSettings polite =
        new HttpSettings(
            REQUEST_TIMEOUT,
            MAX_ATTEMPTS,
            Duration.ofMillis(20),
            interval,
            ".us",
            false,
            HttpSettings.DEFAULT_MAX_RESPONSE_BYTES,
            HttpSettings.DEFAULT_MAX_RETRY_AFTER);
    stooq.script("aapl.us", Answer.csv(AAPL_CSV));
    stooq.script("msft.us", Answer.csv(MSFT_CSV));
    stooq.script("ibm.us", Answer.csv(AAPL_CSV));

    IngestSummary summary = ingest(database, source(polite, "AAPL", "MSFT", "IBM"));

    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    List<SeenRequest> requests =
        stooq.requests().stream().filter(r -> !WARM_UP_SYMBOL.equals(r.stooqSymbol())).toList();
    assertThat(requests).hasSize(3);
    // The source spaces the starts of its sends; the server sees each a little later, by a delay
    // that varies from one request to the next (up to 15 ms seen on a busy 2-CPU machine). Without
    // the rate limit the gaps are a few milliseconds, so this margin hides no failure.
    Duration tolerance = Duration.ofMillis(30);
    for (int i = 1; i < requests.size(); i++) {
      Duration gap =
          Duration.ofNanos(requests.get(i).arrivalNanos() - requests.get(i - 1).arrivalNanos());
      assertThat(gap)
          .as("gap between request %d and %d", i, i + 1)
          .isGreaterThanOrEqualTo(interval.minus(tolerance));
    }
  }

  @Test
  void followsRedirectsOnTheSameHostAbsoluteAndRelative(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.redirect(302, stooq.url("127.0.0.1", "moved.us")));
    stooq.script("moved.us", Answer.redirect(307, FakeStooq.PATH + "?s=final.us"));
    stooq.script("final.us", Answer.csv(AAPL_CSV));

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(barCount(database, "AAPL")).isEqualTo(3);
    assertThat(stooq.requests())
        .extracting(SeenRequest::stooqSymbol)
        .containsExactly("aapl.us", "moved.us", "final.us");
  }

  @Test
  void refusesARedirectToAnotherHostByDefault(Database database) throws SQLException {
    // "localhost" reaches the same server, but a redirect is judged by the host it names: the
    // source cannot tell a friendly alias from a hostile host.
    String elsewhere = stooq.url("localhost", "moved.us");
    stooq.script("aapl.us", Answer.redirect(302, elsewhere));
    stooq.script("moved.us", Answer.csv(AAPL_CSV));

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(barCount(database, "AAPL")).isZero();
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.reason())
        .contains("AAPL")
        .contains("redirected to " + elsewhere)
        .contains("another host")
        .contains("--http-follow-redirects");
    assertThat(stooq.requestsFor("moved.us")).isEmpty();
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
  }

  @Test
  void followsARedirectToAnotherHostWhenAllowed(Database database) throws SQLException {
    // On loopback the only other host that is not a refused address is another name for the
    // configured one: the source asks "localhost", which redirects to "127.0.0.1", one of its own
    // addresses.
    stooq.script("aapl.us", Answer.redirect(301, stooq.url("127.0.0.1", "moved.us")));
    stooq.script("moved.us", Answer.csv(AAPL_CSV));

    IngestSummary summary =
        ingest(
            database,
            new HttpPriceSource(
                stooq.baseUrl("localhost"),
                List.of("AAPL"),
                FROM,
                TO,
                FAST.withRedirectsToOtherHosts(true)));

    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    assertThat(barCount(database, "AAPL")).isEqualTo(3);
    assertThat(stooq.requestsFor("moved.us")).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource({
    "http://169.254.169.254/latest/meta-data/, link-local",
    "http://[fe80::1]/prices, link-local",
    "http://10.1.2.3/prices, private",
    "http://172.16.0.1/prices, private",
    "http://192.168.1.1/prices, private",
    "http://[fd00::1]/prices, private",
    "http://127.0.0.2/prices, loopback",
    "http://[::1]/prices, loopback",
    "http://0.0.0.0/prices, loopback",
  })
  void refusesARedirectToAnInternalAddressEvenWhenOtherHostsAreAllowed(
      String target, String kind, Database database) throws SQLException {
    stooq.script("aapl.us", Answer.redirect(302, target));

    IngestSummary summary = ingest(database, source(FAST.withRedirectsToOtherHosts(true), "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.reason())
        .contains("AAPL")
        .contains("redirected to " + target)
        .contains(kind)
        .contains("never followed");
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
  }

  /**
   * The loopback server speaks no TLS, so the rules about schemes are checked on the policy itself;
   * they are decided before any name is resolved.
   */
  @Test
  void neverFollowsARedirectFromHttpsToPlainHttpOrToAnotherScheme() {
    RedirectPolicy anyHost = new RedirectPolicy(URI.create("https://prices.example/q/d/l/"), true);

    assertThat(anyHost.refusal(URI.create("http://prices.example/q/d/l/?s=aapl.us")))
        .hasValue("it leaves https for plain http");
    assertThat(anyHost.refusal(URI.create("ftp://prices.example/aapl.csv")))
        .hasValue("not an http or https URL");
    assertThat(anyHost.refusal(URI.create("https://prices.example:443/q/d/l/?s=aapl.us")))
        .as("the default port written out is the same origin")
        .isEmpty();
  }

  @Test
  void refusesARedirectLoop(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.redirect(302, FakeStooq.PATH + "?s=again.us"));
    String backToTheStart = stooq.url("127.0.0.1", "aapl.us") + WINDOW_QUERY;
    stooq.script("again.us", Answer.redirect(302, backToTheStart));

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    RejectRow reject = onlyReject(database);
    assertThat(reject.reason())
        .contains("AAPL")
        .contains("redirected to " + backToTheStart)
        .contains("redirect loop");
    // A loop does not mend itself between attempts.
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
    assertThat(stooq.requestsFor("again.us")).hasSize(1);
  }

  @Test
  void refusesTooManyRedirects(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.redirect(302, FakeStooq.PATH + "?s=hop1.us"));
    for (int hop = 1; hop <= 9; hop++) {
      stooq.script(
          "hop" + hop + ".us", Answer.redirect(302, FakeStooq.PATH + "?s=hop" + (hop + 1) + ".us"));
    }

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    RejectRow reject = onlyReject(database);
    assertThat(reject.reason()).contains("AAPL").contains("more than 5 redirects");
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
    assertThat(stooq.requestsFor("hop5.us")).hasSize(1);
    assertThat(stooq.requestsFor("hop6.us")).isEmpty();
  }

  @Test
  void givesUpOnABodyThatTricklesPastTheTimeout(Database database) throws SQLException {
    // Headers at once, then a byte every 25 ms: the whole body would take ~5 s, ten timeouts.
    stooq.script("aapl.us", Answer.csv(AAPL_CSV).trickled(Duration.ofMillis(25)));

    long startNanos = System.nanoTime();
    IngestSummary summary = ingest(database, source(FAST, "AAPL"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(barCount(database, "AAPL")).isZero();
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.reason())
        .contains("AAPL")
        .contains("failed " + MAX_ATTEMPTS + " times")
        .contains("the body did not finish within " + REQUEST_TIMEOUT.toMillis() + " ms");
    // Slow is like a timeout: worth another try.
    assertThat(stooq.requestsFor("aapl.us")).hasSize(MAX_ATTEMPTS);
    assertThat(elapsed).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void refusesABodyLargerThanTheLimitWithoutRetrying(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.csv(AAPL_CSV).withoutLength());
    stooq.script("msft.us", Answer.csv(MSFT_CSV).withoutLength());
    long limit = AAPL_CSV.length() - 1;
    assertThat((long) MSFT_CSV.length()).isLessThanOrEqualTo(limit);

    IngestSummary summary =
        ingest(database, source(FAST.withMaxResponseBytes(limit), "AAPL", "MSFT"));

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(barCount(database, "AAPL")).isZero();
    assertThat(barCount(database, "MSFT")).isEqualTo(2);
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.reason())
        .contains("AAPL")
        .contains("more than " + limit + " bytes")
        .contains("--http-max-bytes");
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
  }

  @Test
  @Timeout(20)
  void refusesAtOnceWhenRetryAfterAsksForLongerThanTheCap(Database database) throws SQLException {
    stooq.script("aapl.us", Answer.status(503, "come back later").with("Retry-After", "3600"));

    long startNanos = System.nanoTime();
    IngestSummary summary = ingest(database, source(FAST, "AAPL"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);

    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    RejectRow reject = onlyReject(database);
    assertThat(reject.rule()).isEqualTo("SOURCE_UNAVAILABLE");
    assertThat(reject.reason())
        .contains("AAPL")
        .contains("HTTP 503")
        .contains("asked to wait PT1H")
        .contains("the cap PT1M")
        .contains("--http-max-retry-after-s");
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
    assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @Timeout(20)
  void readsRetryAfterAsAnHttpDate(Database database) throws SQLException {
    String inAnHour =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
    stooq.script("aapl.us", Answer.status(503, "maintenance").with("Retry-After", inAnHour));

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    RejectRow reject = onlyReject(database);
    // An hour less the moments the request took, in whole seconds.
    assertThat(reject.reason()).containsPattern("asked to wait PT(59M5\\dS|1H) ");
    assertThat(summary.status()).isEqualTo(IngestSummary.COMPLETED_WITH_ERRORS);
    assertThat(stooq.requestsFor("aapl.us")).hasSize(1);
  }

  @Test
  @Timeout(20)
  void waitsForAnHttpDateRetryAfterWithinTheCap(Database database) throws SQLException {
    // The next whole second and one more: the server sees the retry at least ~1 s later.
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    String soon =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(2));
    stooq.script(
        "aapl.us",
        Answer.status(503, "maintenance").with("Retry-After", soon),
        Answer.csv(AAPL_CSV));

    IngestSummary summary = ingest(database, source(FAST, "AAPL"));

    assertThat(summary.status()).isEqualTo(IngestSummary.SUCCEEDED);
    List<SeenRequest> requests = stooq.requestsFor("aapl.us");
    assertThat(requests).hasSize(2);
    // The backoff alone would be 20 ms.
    assertThat(Duration.ofNanos(requests.get(1).arrivalNanos() - requests.get(0).arrivalNanos()))
        .isGreaterThan(Duration.ofMillis(500));
  }

  @Test
  void refusesASourceThatCannotWork() {
    assertThatThrownBy(() -> new HttpPriceSource(stooq.baseUrl(), List.of(), FROM, TO, FAST))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--symbols");
    assertThatThrownBy(() -> new HttpPriceSource(stooq.baseUrl(), List.of("AAPL"), TO, FROM, FAST))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("from <= to")
        .hasMessageContaining(TO + " .. " + FROM);
    assertThatThrownBy(
            () -> new HttpPriceSource("ftp://127.0.0.1/prices", List.of("AAPL"), FROM, TO, FAST))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("http:// or https://")
        .hasMessageContaining("ftp://127.0.0.1/prices");
    assertThatThrownBy(() -> new HttpPriceSource("not a url", List.of("AAPL"), FROM, TO, FAST))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'not a url' is not a URL");
    assertThat(stooq.requests()).isEmpty();
  }

  private static final String WARM_UP_SYMBOL = "warmup.us";

  /**
   * The first HTTP exchange of a JVM loads the JDK's HTTP client and takes up to ~150 ms longer to
   * reach the server than later ones (measured on a cold JVM), which would shrink the first gap the
   * server sees. One exchange beforehand makes the gaps measure the rate limit alone, whichever
   * test runs first.
   */
  private void warmUpTheJdkHttpClient() throws IOException, InterruptedException {
    stooq.script(WARM_UP_SYMBOL, Answer.csv(AAPL_CSV));
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stooq.baseUrl() + "?s=" + WARM_UP_SYMBOL))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private HttpPriceSource source(HttpSettings settings, String... symbols) {
    return new HttpPriceSource(stooq.baseUrl(), List.of(symbols), FROM, TO, settings);
  }

  private static IngestSummary ingest(Database database, HttpPriceSource source) {
    return new IngestService(database.dataSource(), Clock.systemUTC())
        .ingest(source, IngestOptions.defaults(), Progress.silent());
  }

  private static long barCount(Database database, String symbol) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT count(*) FROM price_bar WHERE symbol = ?")) {
      query.setString(1, symbol);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static Map<String, Object> row(Database database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(sql);
        ResultSet rows = query.executeQuery()) {
      assertThat(rows.next()).as("a row for %s", sql).isTrue();
      Map<String, Object> values = new LinkedHashMap<>();
      for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
        values.put(rows.getMetaData().getColumnLabel(column), rows.getObject(column));
      }
      assertThat(rows.next()).as("only one row for %s", sql).isFalse();
      return values;
    }
  }

  /** One row of {@code ingest_reject}. */
  private record RejectRow(String sourceFile, Long lineNumber, String rule, String reason) {}

  private static List<RejectRow> rejects(Database database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT source_file, line_number, rule, reason FROM ingest_reject ORDER BY id");
        ResultSet rows = query.executeQuery()) {
      List<RejectRow> rejects = new ArrayList<>();
      while (rows.next()) {
        rejects.add(
            new RejectRow(
                rows.getString("source_file"),
                rows.getObject("line_number", Long.class),
                rows.getString("rule"),
                rows.getString("reason")));
      }
      return rejects;
    }
  }

  private static RejectRow onlyReject(Database database) throws SQLException {
    List<RejectRow> rejects = rejects(database);
    assertThat(rejects).hasSize(1);
    return rejects.get(0);
  }

  /**
   * What the fake endpoint answers to one request: after {@code delay}, the headers, then the body
   * at once or one byte per {@code perByteDelay}; {@code chunked} sends no Content-Length.
   */
  private record Answer(
      int status,
      String contentType,
      String body,
      Duration delay,
      Map<String, String> headers,
      Duration perByteDelay,
      boolean chunked) {
    Answer(int status, String contentType, String body) {
      this(status, contentType, body, Duration.ZERO, Map.of(), Duration.ZERO, false);
    }

    static Answer csv(String body) {
      return new Answer(200, "text/csv; charset=utf-8", body);
    }

    static Answer status(int status, String body) {
      return new Answer(status, "text/plain", body);
    }

    static Answer redirect(int status, String location) {
      return status(status, "moved").with("Location", location);
    }

    Answer after(Duration newDelay) {
      return new Answer(status, contentType, body, newDelay, headers, perByteDelay, chunked);
    }

    Answer with(String header, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(header, value);
      return new Answer(status, contentType, body, delay, Map.copyOf(more), perByteDelay, chunked);
    }

    Answer trickled(Duration newPerByteDelay) {
      return new Answer(status, contentType, body, delay, headers, newPerByteDelay, chunked);
    }

    Answer withoutLength() {
      return new Answer(status, contentType, body, delay, headers, perByteDelay, true);
    }
  }

  /**
   * A request as the fake endpoint saw it; {@code arrivalNanos} is from {@link System#nanoTime}.
   */
  private record SeenRequest(String path, String query, String stooqSymbol, long arrivalNanos) {}

  /**
   * Plays Stooq's daily CSV endpoint on 127.0.0.1 at a free port. Each ticker answers from its
   * script, one answer per request, the last repeated; a ticker without a script gets a 404.
   */
  private static final class FakeStooq implements AutoCloseable {
    static final String PATH = "/q/d/l/";

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final Map<String, List<Answer>> scripts = new HashMap<>();
    private final List<SeenRequest> requests = new CopyOnWriteArrayList<>();

    FakeStooq() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
      // Handlers on their own threads: a slow answer must not hold up the server's dispatcher.
      server.setExecutor(handlers);
      server.createContext(PATH, this::handle);
      server.start();
    }

    String baseUrl() {
      return baseUrl("127.0.0.1");
    }

    /** The endpoint under another name; the server answers whichever host a request names. */
    String baseUrl(String host) {
      return "http://" + host + ":" + server.getAddress().getPort() + PATH;
    }

    String url(String host, String stooqSymbol) {
      return baseUrl(host) + "?s=" + stooqSymbol;
    }

    synchronized void script(String stooqSymbol, Answer... answers) {
      scripts.put(stooqSymbol, List.of(answers));
    }

    List<SeenRequest> requests() {
      return List.copyOf(requests);
    }

    List<SeenRequest> requestsFor(String stooqSymbol) {
      return requests.stream().filter(r -> Objects.equals(stooqSymbol, r.stooqSymbol())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
      long arrivalNanos = System.nanoTime();
      try {
        String query = exchange.getRequestURI().getRawQuery();
        String symbol = parameter(query, "s");
        Answer answer =
            record(
                new SeenRequest(exchange.getRequestURI().getPath(), query, symbol, arrivalNanos));
        if (!pause(answer.delay())) {
          return; // the test is over; nobody waits for this answer any more
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        long length = answer.chunked() ? 0 : body.length == 0 ? -1 : body.length;
        exchange.sendResponseHeaders(answer.status(), length);
        try (OutputStream out = exchange.getResponseBody()) {
          if (answer.perByteDelay().isZero()) {
            out.write(body);
            return;
          }
          for (byte b : body) {
            out.write(b);
            out.flush();
            if (!pause(answer.perByteDelay())) {
              return;
            }
          }
        } catch (IOException e) {
          // The client hung up on a slow or oversized answer, as it should.
        }
      } finally {
        exchange.close();
      }
    }

    /** Sleeps; false when the server is being shut down. */
    private static boolean pause(Duration duration) {
      if (duration.isZero()) {
        return true;
      }
      try {
        Thread.sleep(duration.toMillis());
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** Notes the request and picks its answer: the n-th request for a ticker gets answer n. */
    private synchronized Answer record(SeenRequest request) {
      long earlier = requestsFor(request.stooqSymbol()).size();
      requests.add(request);
      List<Answer> script = scripts.get(request.stooqSymbol());
      return script == null
          ? Answer.status(404, "no script for " + request.stooqSymbol())
          : script.get((int) Math.min(earlier, script.size() - 1));
    }

    private static String parameter(String query, String name) {
      if (query == null) {
        return null;
      }
      for (String pair : query.split("&")) {
        if (pair.startsWith(name + "=")) {
          return pair.substring(name.length() + 1);
        }
      }
      return null;
    }

    @Override
    public void close() {
      server.stop(0);
      handlers.shutdownNow();
    }
  }
}
