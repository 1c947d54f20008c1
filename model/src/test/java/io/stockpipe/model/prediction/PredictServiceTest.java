package io.stockpipe.model.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.model.baseline.SyntheticMarket;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.training.TrainRequest;
import io.stockpipe.model.training.TrainService;
import io.stockpipe.progress.Progress;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * target_date is the next trading day of the exchange calendar, market_holiday included: a
 * prediction never targets a weekend or a holiday.
 */
@ExtendWith(PostgresExtension.class)
class PredictServiceTest {
  /** 300 weekdays from Monday 2024-01-01 to Friday 2025-02-21: holidays have features too. */
  private final SyntheticMarket market = new SyntheticMarket(LocalDate.of(2024, 1, 1));

  private Database database;
  private long modelId;

  @BeforeEach
  void trainOnTheMarket(Database database) throws Exception {
    this.database = database;
    market.insert(database);
    NetworkConfig defaults = NetworkConfig.defaults(Architecture.DENSE);
    NetworkConfig tiny =
        new NetworkConfig(
            Architecture.DENSE,
            defaults.target(),
            List.of(8),
            List.of(),
            0,
            1,
            0,
            3e-3,
            0,
            2,
            1,
            64,
            defaults.seed());
    modelId =
        new TrainService(database)
            .train(
                new TrainRequest(
                    tiny,
                    Label.NEXT_RETURN_1D,
                    null,
                    new DateRange(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 9, 30)),
                    null,
                    null,
                    0,
                    null),
                Progress.Factory.SILENT)
            .folds()
            .get(0)
            .model()
            .id();
  }

  @Test
  void theLastDayOf2024TargetsTheSecondOfJanuaryNotNewYearsDay() {
    assertThat(targetDates(LocalDate.of(2024, 12, 31))).containsOnly(LocalDate.of(2025, 1, 2));
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run(
                    "SELECT DISTINCT target_date::text FROM prediction"
                        + " WHERE as_of_date = DATE '2024-12-31'")
                .rows())
        .containsExactly(List.of("2025-01-02"));
  }

  @Test
  void aFridayTargetsTheNextMondayUnlessItIsAHoliday() {
    assertThat(targetDates(LocalDate.of(2024, 12, 27))).containsOnly(LocalDate.of(2024, 12, 30));
    // Monday 2025-01-20 is Martin Luther King Jr. Day.
    assertThat(targetDates(LocalDate.of(2025, 1, 17))).containsOnly(LocalDate.of(2025, 1, 21));
  }

  @Test
  void eachPredictReadsTheOverridesOfMarketHoliday() {
    QueryRunner.asOwner(database.dataSource())
        .run(
            "INSERT INTO market_holiday (exchange, date, name) VALUES"
                + " ('XNYS', DATE '2025-01-02', 'a closure for the test')");
    assertThat(targetDates(LocalDate.of(2024, 12, 31))).containsOnly(LocalDate.of(2025, 1, 3));
  }

  private List<LocalDate> targetDates(LocalDate asOf) {
    List<PredictionRow> rows = new PredictService(database).predict(asOf, modelId).rows();
    assertThat(rows).hasSize(SyntheticMarket.SYMBOLS);
    return rows.stream().map(PredictionRow::targetDate).toList();
  }
}
