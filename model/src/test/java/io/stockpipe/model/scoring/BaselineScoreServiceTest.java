package io.stockpipe.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.model.baseline.NaiveBaselines;
import io.stockpipe.model.scoring.BaselineScoreService.BaselineScore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Twelve symbols whose closes are chosen so that each rule's scores and the realised returns are
 * known by hand: every symbol closes at 100 on the as-of bar (t = bar 23 of 0..24), so momentum is
 * 100 / close[3] - 1, the reversed return d / (100 + d) for close[22] = 100 + d, and the realised
 * return r / 100 for close[24] = 100 + r. The target date is Tuesday 2024-02-20, so the as-of date
 * is the Friday before Presidents' Day.
 */
@ExtendWith(PostgresExtension.class)
class BaselineScoreServiceTest {
  private static final double TOLERANCE = 1e-12;
  private static final TradingCalendar NYSE = TradingCalendar.nyse();
  private static final LocalDate TARGET = LocalDate.of(2024, 2, 20);
  private static final LocalDate AS_OF = LocalDate.of(2024, 2, 16);
  private static final int FULL_SYMBOLS = 12;
  private static final int AS_OF_BAR = 23;
  private static final int TARGET_BAR = 24;

  /** close[3] = 80 + 4i: momentum falls with i, and is exactly 0 for i = 5 (no call). */
  private static final double[] MOMENTUM_BASE =
      IntStream.range(0, 12).mapToDouble(i -> 80 + 4 * i).toArray();

  /** close[22] = 100 + d: the reversal score d / (100 + d) has the sign of d. */
  private static final double[] REVERSAL_D = {-3, 2, 1, -1, 4, -2, 3, 0.5, -4, 5, -0.5, 1.5};

  /** close[24] = 100 + r: S09 realises exactly 0, which no hit rate counts. */
  private static final double[] REALISED_R = {5, 3, 4, -1, 2, -0.5, -2, 1, -3, 0, -4, 1.5};

  /** SHORT has ten bars: a 1-bar return but no 20-bar one. */
  private static final double SHORT_D = 2.5;

  private static final double SHORT_R = -1.5;

  private Database database;
  private List<LocalDate> days;

  @BeforeEach
  void insertBars(Database database) throws SQLException {
    this.database = database;
    // Bars 0..24 end on the target date; 25 and 26 come after it.
    LocalDate first = NYSE.plusTradingDays(TARGET, -TARGET_BAR);
    days = NYSE.tradingDaysBetween(first, NYSE.plusTradingDays(TARGET, 2));
    assertThat(days.get(AS_OF_BAR)).isEqualTo(AS_OF);
    assertThat(days.get(TARGET_BAR)).isEqualTo(TARGET);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO price_bar (symbol, trade_date, close, volume, source)"
                    + " VALUES (?, ?, ?, 1000, 'test')")) {
      for (int i = 0; i < FULL_SYMBOLS; i++) {
        for (int bar = 0; bar < days.size(); bar++) {
          add(insert, full(i), bar, fullClose(i, bar));
        }
      }
      for (int bar = 15; bar <= TARGET_BAR; bar++) {
        add(insert, "SHORT", bar, closeAround(bar, SHORT_D, SHORT_R, 50 + bar % 3));
      }
      // NEW has no bar before the as-of date; GONE none on the target date: neither is scored.
      add(insert, "NEW", AS_OF_BAR, 100);
      add(insert, "NEW", TARGET_BAR, 101);
      for (int bar = 0; bar <= AS_OF_BAR; bar++) {
        add(insert, "GONE", bar, 70 + bar);
      }
      insert.executeBatch();
    }
  }

  @Test
  void eachRuleIsScoredAsTheFeaturesDefineItAgainstAnIndependentComputation() {
    List<BaselineScore> scores = new BaselineScoreService(database).score(TARGET);

    assertThat(scores)
        .extracting(BaselineScore::baseline, BaselineScore::asOfDate, BaselineScore::targetDate)
        .containsExactly(
            tuple(NaiveBaselines.MOMENTUM, AS_OF, TARGET),
            tuple(NaiveBaselines.MEAN_REVERSION, AS_OF, TARGET));
    Map<String, double[]> stored = stored();

    // Momentum: SHORT, NEW and GONE left out. Score ranks 12..1 for S00..S11 against realised
    // ranks 12,10,11,4,9,5,3,7,2,6,1,8: the squared rank differences sum to 108, so the rank IC
    // is 1 - 6 * 108 / (12 * 143) = 89/143.
    double[] momentum = stored.get(NaiveBaselines.MOMENTUM);
    assertThat(momentum[0]).isEqualTo(12);
    assertThat(momentum[2]).isCloseTo(89.0 / 143, within(TOLERANCE));
    // Long S00 (r = 5), short S11 (r = 1.5).
    assertThat(momentum[4]).isCloseTo(0.035, within(TOLERANCE));
    // S05 calls nothing (close[3] = 100), S09 realises 0: 7 of the other 10 are right.
    assertThat(momentum[3]).isCloseTo(0.7, within(TOLERANCE));
    List<double[]> momentumRows = new ArrayList<>();
    for (int i = 0; i < FULL_SYMBOLS; i++) {
      momentumRows.add(new double[] {100 / MOMENTUM_BASE[i] - 1, realised(REALISED_R[i])});
    }
    assertMatches(momentum, momentumRows);

    // Mean reversion: SHORT is in, NEW and GONE are not. Long S09 (d = 5, r = 0), short S08
    // (d = -4, r = -3); S09 realises 0 and 9 of the other 12 call the sign right.
    double[] reversal = stored.get(NaiveBaselines.MEAN_REVERSION);
    assertThat(reversal[0]).isEqualTo(13);
    assertThat(reversal[4]).isCloseTo(0.03, within(TOLERANCE));
    assertThat(reversal[3]).isCloseTo(0.75, within(TOLERANCE));
    List<double[]> reversalRows = new ArrayList<>();
    for (int i = 0; i < FULL_SYMBOLS; i++) {
      reversalRows.add(new double[] {reversalScore(REVERSAL_D[i]), realised(REALISED_R[i])});
    }
    reversalRows.add(new double[] {reversalScore(SHORT_D), realised(SHORT_R)});
    assertMatches(reversal, reversalRows);
  }

  @Test
  void aTargetDateTheExchangeIsClosedOnWritesNothing() {
    BaselineScoreService service = new BaselineScoreService(database);
    assertThat(service.score(LocalDate.of(2024, 2, 19))).as("Presidents' Day").isEmpty();
    assertThat(service.score(LocalDate.of(2024, 2, 17))).as("a Saturday").isEmpty();
    assertThat(rows()).isEmpty();
  }

  @Test
  void aRerunConvergesToTheSameRows() {
    BaselineScoreService service = new BaselineScoreService(database);
    service.score(TARGET);
    List<List<String>> first = rows();
    service.score(TARGET);
    assertThat(rows()).hasSize(2).isEqualTo(first);
  }

  @Test
  void pricesAfterTheTargetDateDoNotMoveTheScoresButTheTargetClose() {
    BaselineScoreService service = new BaselineScoreService(database);
    service.score(TARGET);
    List<List<String>> before = rows();

    QueryRunner sql = QueryRunner.asOwner(database.dataSource());
    sql.run("UPDATE price_bar SET close = close * 3 WHERE trade_date > DATE '" + TARGET + "'");
    service.score(TARGET);
    assertThat(rows()).isEqualTo(before);

    // The test can fail: the same rerun moves once a close it does read changes.
    sql.run(
        "UPDATE price_bar SET close = 110 WHERE symbol = 'S00' AND trade_date = DATE '"
            + TARGET
            + "'");
    service.score(TARGET);
    assertThat(rows()).isNotEqualTo(before);
  }

  /** The stored row's symbols, ic, rank_ic, hit_rate and long_short_return, by baseline. */
  private Map<String, double[]> stored() {
    Map<String, double[]> byBaseline = new TreeMap<>();
    for (List<String> row :
        QueryRunner.asOwner(database.dataSource())
            .run(
                "SELECT baseline, symbols, ic, rank_ic, hit_rate, long_short_return"
                    + " FROM baseline_score_daily WHERE as_of_date = DATE '"
                    + AS_OF
                    + "' AND target_date = DATE '"
                    + TARGET
                    + "'")
            .rows()) {
      byBaseline.put(
          row.get(0),
          row.subList(1, row.size()).stream().mapToDouble(Double::parseDouble).toArray());
    }
    return byBaseline;
  }

  private List<List<String>> rows() {
    return QueryRunner.asOwner(database.dataSource())
        .run(
            "SELECT baseline, as_of_date, target_date, symbols, ic, rank_ic, hit_rate,"
                + " long_short_return FROM baseline_score_daily ORDER BY baseline, as_of_date")
        .rows();
  }

  /**
   * The stored metrics against a plain computation over (score, realised) pairs: Pearson, Pearson
   * of ranks (no ties here), top minus bottom of one-symbol deciles, and the sign hit rate.
   */
  private static void assertMatches(double[] stored, List<double[]> rows) {
    double[] scores = rows.stream().mapToDouble(row -> row[0]).toArray();
    double[] realised = rows.stream().mapToDouble(row -> row[1]).toArray();
    assertThat(stored[1]).as("ic").isCloseTo(pearson(scores, realised), within(1e-9));
    assertThat(stored[2])
        .as("rank ic")
        .isCloseTo(pearson(ranks(scores), ranks(realised)), within(1e-9));
    List<double[]> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingDouble(row -> row[0]));
    assertThat(stored[4])
        .as("long-short")
        .isCloseTo(sorted.get(sorted.size() - 1)[1] - sorted.get(0)[1], within(1e-9));
    long called = rows.stream().filter(row -> row[0] != 0 && row[1] != 0).count();
    long right =
        rows.stream()
            .filter(row -> row[0] != 0 && row[1] != 0)
            .filter(row -> Math.signum(row[0]) == Math.signum(row[1]))
            .count();
    assertThat(stored[3]).as("hit rate").isCloseTo((double) right / called, within(1e-9));
  }

  private static double pearson(double[] x, double[] y) {
    double meanX = Arrays.stream(x).average().orElseThrow();
    double meanY = Arrays.stream(y).average().orElseThrow();
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < x.length; i++) {
      covariance += (x[i] - meanX) * (y[i] - meanY);
      varianceX += (x[i] - meanX) * (x[i] - meanX);
      varianceY += (y[i] - meanY) * (y[i] - meanY);
    }
    return covariance / Math.sqrt(varianceX * varianceY);
  }

  private static double[] ranks(double[] values) {
    double[] ranks = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      for (double other : values) {
        if (other <= values[i]) {
          ranks[i]++;
        }
      }
    }
    return ranks;
  }

  private static double reversalScore(double d) {
    return -(100 / (100 + d) - 1);
  }

  private static double realised(double r) {
    return (100 + r) / 100 - 1;
  }

  private static String full(int i) {
    return String.format("S%02d", i);
  }

  private static double fullClose(int i, int bar) {
    if (bar == 3) {
      return MOMENTUM_BASE[i];
    }
    return closeAround(bar, REVERSAL_D[i], REALISED_R[i], 90 + i + (bar % 4) * 0.5);
  }

  /** The chosen closes of bars 22, 23 and 24; {@code other} elsewhere. */
  private static double closeAround(int bar, double d, double r, double other) {
    return switch (bar) {
      case 22 -> 100 + d;
      case AS_OF_BAR -> 100;
      case TARGET_BAR -> 100 + r;
      default -> other;
    };
  }

  private void add(PreparedStatement insert, String symbol, int bar, double close)
      throws SQLException {
    insert.setString(1, symbol);
    insert.setDate(2, Date.valueOf(days.get(bar)));
    insert.setBigDecimal(3, BigDecimal.valueOf(close));
    insert.addBatch();
  }
}
