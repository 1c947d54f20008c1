package io.stockpipe.model.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.db.testing.TestDatabase;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.RowCounts;
import io.stockpipe.model.evaluation.EvaluationMetrics;
import io.stockpipe.progress.Progress;
import io.stockpipe.spark.JdbcEndpoint;
import io.stockpipe.spark.SparkSettings;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class BaselineServiceTest {
  private static final SparkSettings SPARK = new SparkSettings("local[2]", 2, 2);

  /** Small grids: two penalties so that there is a choice, few shallow trees to stay fast. */
  private static final Tuning TUNING =
      new Tuning(0.2, List.of(0.0, 0.1), List.of(3), List.of(10), 0.3);

  private final SyntheticMarket market = new SyntheticMarket();
  private final LocalDate trainFrom = market.date(0);
  private final LocalDate trainTo = market.date(199);
  private final LocalDate testFrom = market.date(210);
  private final LocalDate testTo = market.date(299);

  @Test
  void scoresEveryBaselineOnUnseenDatesAndARerunLeavesTheSameRows(Database database)
      throws SQLException {
    market.insert(database);
    // A newer feature set, but rank-normalised: not the default, whose raw returns the naive
    // rules need.
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      SyntheticMarket.insertFeatureSet(
          connection, "synthetic-0123456789ab-rank", "rank", SyntheticMarket.FEATURE_NAMES);
      statement.execute(
          "UPDATE feature_set SET created_at = now() + interval '1 hour'"
              + " WHERE normalisation = 'rank'");
    }
    BaselineService service = service(database);

    BaselineSummary summary = service.evaluate(request(), Progress.silent());
    Map<String, String> firstRun = storedRows(database);
    service.evaluate(request(), Progress.silent());
    Map<String, String> secondRun = storedRows(database);

    assertThat(summary.featureSetVersion()).isEqualTo(SyntheticMarket.VERSION);
    int symbols = SyntheticMarket.SYMBOLS;
    assertThat(summary.rows())
        .isEqualTo(
            new RowCounts(
                200L * symbols,
                90L * symbols,
                (long) SyntheticMarket.WINDOW_NOT_FULL_DAYS * symbols,
                symbols + 1,
                180L * symbols,
                90L * symbols - symbols - 1));

    EvaluationMetrics linear = summary.model(MllibBaselines.LINEAR_REGRESSION).metrics();
    assertThat(linear.rankIc().mean()).isGreaterThan(0.9);
    assertThat(linear.directionalAccuracy()).isGreaterThan(0.8);
    assertThat(linear.testRows()).isEqualTo(summary.rows().testKept());
    // The last date has no labels at all.
    assertThat(linear.testDays()).isEqualTo(89);
    EvaluationMetrics trees = summary.model(MllibBaselines.GBT_REGRESSOR).metrics();
    assertThat(trees.rankIc().mean()).isGreaterThan(0.3);
    assertThat(trees.rankIc().tStat()).isGreaterThan(5);
    EvaluationMetrics zero = summary.model(NaiveBaselines.PREDICT_ZERO).metrics();
    assertThat(zero.ic().mean()).isNull();
    assertThat(zero.directionalAccuracy()).isNull();
    assertThat(summary.model(NaiveBaselines.MOMENTUM).metrics().ic().mean()).isNotNull();
    assertThat(summary.model(NaiveBaselines.MEAN_REVERSION).metrics().ic().mean()).isNotNull();
    assertThat(summary.model(MllibBaselines.LINEAR_REGRESSION).hyperParameters())
        .containsKey("regParam");
    assertThat(summary.table()).contains("linear_regression").contains("predict_zero");
    System.out.println(summary.table());

    assertThat(firstRun).hasSize(5 * zero.byMetric().size());
    assertThat(firstRun)
        .hasEntrySatisfying("predict_zero ic_mean", row -> assertThat(row).startsWith("null "))
        .hasEntrySatisfying(
            "linear_regression rank_ic_mean", row -> assertThat(row).startsWith("0.99"))
        .containsKey("momentum_20d rank_ic_mean")
        .containsKey("mean_reversion_1d rank_ic_mean")
        .containsKey("gbt_regressor rmse");
    assertThat(secondRun).isEqualTo(firstRun);
  }

  @Test
  void hyperParametersAreChosenOnDatesBeforeTheTestRange(Database database) throws SQLException {
    market.insert(database);

    service(database).evaluate(request(), Progress.silent());

    List<String> validationRanges = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT DISTINCT model_name, details->'selection'->>'validation_from',"
                    + " details->'selection'->>'validation_to', details->>'refit_to'"
                    + " FROM model_evaluation WHERE model_kind = 'mllib' ORDER BY 1")) {
      while (rows.next()) {
        LocalDate validationFrom = LocalDate.parse(rows.getString(2));
        LocalDate validationTo = LocalDate.parse(rows.getString(3));
        assertThat(validationTo).isBefore(testFrom).isBeforeOrEqualTo(trainTo);
        assertThat(LocalDate.parse(rows.getString(4))).isBefore(testFrom);
        validationRanges.add(rows.getString(1) + " " + validationFrom + ".." + validationTo);
      }
    }
    // Dates 20..199 have complete rows; the last 20% of those 180 dates are 164..199.
    assertThat(validationRanges)
        .containsExactly(
            "gbt_regressor " + market.date(164) + ".." + trainTo,
            "linear_regression " + market.date(164) + ".." + trainTo);
  }

  @Test
  void aPerDateTargetIsABaselineOfItsOwnJudgedOnTheRawReturn(Database database)
      throws SQLException {
    // With a 60-day return, as v1 and v2 have, the 60-day momentum rule is scored too.
    List<String> withSlowMomentum = new ArrayList<>(SyntheticMarket.FEATURE_NAMES);
    withSlowMomentum.add("ret_60");
    market.insert(database, "with-ret-60", withSlowMomentum);
    BaselineSummary summary =
        service(database)
            .evaluate(
                request()
                    .withFeatureSet("with-ret-60")
                    .withTarget(io.stockpipe.model.network.Target.RANK),
                Progress.silent());
    assertThat(summary.model(NaiveBaselines.SLOW_MOMENTUM).metrics().ic().mean()).isNotNull();
    assertThat(summary.model(NaiveBaselines.SLOW_MOMENTUM).details())
        .containsEntry("rule", "predicted = ret_60");
    EvaluationMetrics linear = summary.model("linear_regression_rank").metrics();
    assertThat(linear.rankIc().mean()).isGreaterThan(0.9);
    assertThat(summary.model("gbt_regressor_rank").details()).containsEntry("target", "rank");
    // Judged against the realised return, not the rank it learned: its RMSE is that of scores
    // in [-0.5, 0.5] against returns of a few per cent.
    assertThat(linear.rmse()).isGreaterThan(0.05);
    assertThat(storedRows(database)).containsKey("linear_regression_rank rank_ic_mean");
    assertThatThrownBy(() -> request().withTarget(io.stockpipe.model.network.Target.SIGN))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--target sign is for the networks");
  }

  @Test
  void badRangesNameTheFlag() {
    assertThatThrownBy(() -> BaselineRequest.of(trainFrom, testFrom, testFrom, testTo))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--train-to")
        .hasMessageContaining("--test-from");
    assertThatThrownBy(() -> BaselineRequest.of(trainFrom, trainTo, testTo, testFrom))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--test-to");
    assertThatThrownBy(() -> BaselineRequest.of(trainTo, trainFrom, testFrom, testTo))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--train-to");
    assertThatThrownBy(() -> BaselineRequest.of(null, trainTo, testFrom, testTo))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--train-from");
  }

  @Test
  void aTestRangeWithoutDataIsBadInput(Database database) throws SQLException {
    market.insert(database);
    BaselineRequest request =
        BaselineRequest.of(trainFrom, trainTo, testTo.plusDays(10), testTo.plusDays(20))
            .withSpark(SPARK)
            .withTuning(TUNING);

    assertThatThrownBy(() -> service(database).evaluate(request, Progress.silent()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--test-from " + testTo.plusDays(10));
  }

  @Test
  void aFeatureSetThatIsMissingOrLacksTheNaiveReturnsIsBadInput(Database database)
      throws SQLException {
    assertThatThrownBy(() -> service(database).evaluate(request(), Progress.silent()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("normalisation 'none'");
    assertThatThrownBy(
            () ->
                service(database)
                    .evaluate(request().withFeatureSet("no-such-set"), Progress.silent()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--feature-set no-such-set");

    market.insert(database, "no-returns", List.of("ret_1", "signal_a", "signal_b"));
    assertThatThrownBy(
            () ->
                service(database)
                    .evaluate(request().withFeatureSet("no-returns"), Progress.silent()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no feature 'ret_20'")
        .hasMessageContaining("momentum");
  }

  private BaselineRequest request() {
    return BaselineRequest.of(trainFrom, trainTo, testFrom, testTo)
        .withSpark(SPARK)
        .withTuning(TUNING);
  }

  private static BaselineService service(Database database) {
    return new BaselineService(database, new JdbcEndpoint(TestDatabase.jdbcUrl(), "postgres", ""));
  }

  /**
   * "model metric" to "value kind id details ranges": everything a rerun must leave as it was.
   * Numbers are rounded to 10 significant digits: Spark merges partial sums in the order its tasks
   * finish, so a refit may differ in the last bits.
   */
  private static Map<String, String> storedRows(Database database) throws SQLException {
    Map<String, String> rows = new TreeMap<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT model_name, metric, value, model_kind, id, details::text,"
                    + " train_from, train_to, test_from, test_to FROM model_evaluation")) {
      while (result.next()) {
        rows.put(
            result.getString(1) + " " + result.getString(2),
            rounded(String.valueOf(result.getObject(3)))
                + " "
                + result.getString(4)
                + " "
                + result.getLong(5)
                + " "
                + rounded(result.getString(6))
                + " "
                + result.getDate(7)
                + ".."
                + result.getDate(8)
                + " "
                + result.getDate(9)
                + ".."
                + result.getDate(10));
      }
    }
    return rows;
  }

  private static String rounded(String text) {
    Matcher numbers = Pattern.compile("-?\\d+\\.\\d+(E-?\\d+)?").matcher(text);
    return numbers.replaceAll(
        number ->
            new BigDecimal(number.group())
                .round(new MathContext(10))
                .stripTrailingZeros()
                .toString());
  }
}
