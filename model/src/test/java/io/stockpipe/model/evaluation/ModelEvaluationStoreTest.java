package io.stockpipe.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ModelEvaluationStoreTest {
  private static final DateRange TRAINING =
      new DateRange(LocalDate.of(2020, 1, 1), LocalDate.of(2021, 12, 31));
  private static final DateRange TEST =
      new DateRange(LocalDate.of(2022, 1, 3), LocalDate.of(2022, 6, 30));

  @Test
  void aRerunReplacesTheRowsOfItsModelAndRangeOnly(Database database) throws SQLException {
    ModelEvaluationStore store = new ModelEvaluationStore(database);
    store.replace(evaluation("predict_zero", TEST, metrics(null, 0.5)));
    store.replace(evaluation("momentum_20d", TEST, metrics(0.1, 0.4)));
    DateRange otherTest = new DateRange(TEST.from(), TEST.to().plusDays(1));
    store.replace(evaluation("momentum_20d", otherTest, metrics(0.2, 0.3)));
    List<String> before = rows(database);

    Map<Metric, Double> fewer = new LinkedHashMap<>();
    fewer.put(Metric.IC_MEAN, 0.15);
    store.replace(evaluation("momentum_20d", TEST, fewer));

    List<String> after = rows(database);
    assertThat(before).hasSize(6);
    assertThat(after)
        .containsExactly(
            "1 predict_zero 2022-06-30 ic_mean null {\"chosen\": \"none\"}",
            "2 predict_zero 2022-06-30 rmse 0.5 {\"chosen\": \"none\"}",
            "3 momentum_20d 2022-06-30 ic_mean 0.15 {\"chosen\": \"none\"}",
            "5 momentum_20d 2022-07-01 ic_mean 0.2 {\"chosen\": \"none\"}",
            "6 momentum_20d 2022-07-01 rmse 0.3 {\"chosen\": \"none\"}");
  }

  @Test
  void refusesATestRangeThatOverlapsTraining() {
    DateRange overlapping = new DateRange(TRAINING.to(), TEST.to());
    assertThatThrownBy(() -> evaluation("momentum_20d", overlapping, metrics(0.1, 0.2)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("after its training range");
  }

  private static Map<Metric, Double> metrics(Double ic, double rmse) {
    Map<Metric, Double> metrics = new LinkedHashMap<>();
    metrics.put(Metric.IC_MEAN, ic);
    metrics.put(Metric.RMSE, rmse);
    return metrics;
  }

  private static ModelEvaluation evaluation(String name, DateRange test, Map<Metric, Double> m) {
    return new ModelEvaluation(
        name,
        ModelKind.NAIVE,
        "v1-abc-none",
        Label.NEXT_RETURN_1D,
        TRAINING,
        test,
        m,
        Map.of("chosen", "none"));
  }

  private static List<String> rows(Database database) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT id, model_name, test_to, metric, value, details::text"
                    + " FROM model_evaluation ORDER BY id")) {
      while (result.next()) {
        rows.add(
            result.getLong(1)
                + " "
                + result.getString(2)
                + " "
                + result.getDate(3)
                + " "
                + result.getString(4)
                + " "
                + result.getObject(5)
                + " "
                + result.getString(6));
      }
    }
    return rows;
  }
}
