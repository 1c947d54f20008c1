package io.stockpipe.scheduler.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stockpipe.calendar.TradingCalendar;
import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.ModelStatus;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.training.TrainRequest;
import io.stockpipe.model.training.TrainService;
import io.stockpipe.progress.Progress;
import io.stockpipe.scheduler.MarketFixture;
import io.stockpipe.spark.SparkSessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain on a real database with real DL4J training (two epochs): a candidate is promoted
 * exactly when it beats the active model by the margin on the same dates, every decision is a row
 * with both scores, and an active model that cannot be judged fairly is replaced.
 */
@ExtendWith(PostgresExtension.class)
class RetrainServiceTest {
  /** Every bar of 2023 is in the database: the newest date with a next-day label is the 28th. */
  private static final LocalDate AFTER_LAST = MarketFixture.LAST.plusDays(3);

  private static final LocalDate NEWEST_LABEL = LocalDate.of(2023, 12, 28);
  private static final NetworkConfig TINY =
      NetworkConfig.defaults(Architecture.DENSE).withMaxEpochs(2);
  private static final RetrainPolicy POLICY =
      RetrainPolicy.defaults(Architecture.DENSE).withNetwork(TINY);

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void theCandidateIsPromotedExactlyWhenItBeatsTheActiveModelByTheMargin(Database database)
      throws Exception {
    MarketFixture market = MarketFixture.prepare(database, dir, AFTER_LAST);
    ModelRegistry registry = new ModelRegistry(database);
    RetrainService service = new RetrainService(database);

    // Models of different labels are not comparable: refused before any training.
    assertThatThrownBy(
            () ->
                service.retrain(POLICY.withLabel(Label.FORWARD_RETURN_5D), Progress.Factory.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("predicts next_return_1d, not forward_return_5d");
    assertThat(registry.list()).hasSize(1);

    // No rank IC gain reaches 1: the active model stays, and the decision holds both scores.
    RetrainDecision kept = service.retrain(POLICY.withPromoteMargin(1.0), Progress.Factory.SILENT);
    RegisteredModel candidate = registry.find(kept.candidateModelId());
    assertThat(candidate.validation().to()).isEqualTo(NEWEST_LABEL);
    assertThat(kept.promoted()).isFalse();
    assertThat(kept.activeModelId()).isEqualTo(market.model().id());
    // The active model trained up to September: the whole validation window is new to both.
    assertThat(market.model().training().to()).isBefore(candidate.validation().from());
    assertThat(kept.window()).isEqualTo(candidate.validation());
    assertThat(kept.judgedDays()).isGreaterThanOrEqualTo(RetrainService.MIN_JUDGED_DAYS);
    assertThat(kept.activeRankIc()).isNotNull();
    // The stored network scores its validation rows as the trainer did in memory.
    assertThat(kept.candidateRankIc())
        .isCloseTo(
            ((Number) candidate.metrics().get("validation_rank_ic")).doubleValue(), within(1e-9));
    assertThat(kept.reason())
        .matches(
            "rank IC -?[0-9.]+ < -?[0-9.]+ \\+ margin 1\\.0000 on " + kept.judgedDays() + " dates");
    assertThat(registry.active().orElseThrow().id()).isEqualTo(market.model().id());
    assertThat(candidate.status()).isEqualTo(ModelStatus.CANDIDATE);

    // At the margin itself, from either side: the same scores, the other decision.
    double gain = kept.candidateRankIc() - kept.activeRankIc();
    RetrainDecision justShort = service.decide(candidate.id(), gain + 1e-9);
    assertThat(justShort.promoted()).isFalse();
    assertThat(justShort.candidateRankIc()).isEqualTo(kept.candidateRankIc());
    assertThat(justShort.activeRankIc()).isEqualTo(kept.activeRankIc());
    RetrainDecision enough = service.decide(candidate.id(), gain - 1e-9);
    assertThat(enough.promoted()).isTrue();
    assertThat(enough.reason()).contains(" >= ");
    assertThat(registry.active().orElseThrow().id()).isEqualTo(candidate.id());
    assertThat(registry.find(market.model().id()).status()).isEqualTo(ModelStatus.RETIRED);

    // Each decision is a row: both scores, exactly as computed, and the margin it was held to.
    List<Object> common =
        List.of(
            candidate.id(),
            market.model().id(),
            candidate.validation().from(),
            NEWEST_LABEL,
            kept.candidateRankIc(),
            kept.activeRankIc());
    assertThat(decisionRows(database))
        .containsExactly(
            row(common, 1.0, false),
            row(common, gain + 1e-9, false),
            row(common, gain - 1e-9, true));
  }

  @Test
  void withoutAnActiveModelTheCandidateIsPromotedAndTheSameRetrainAgainChangesNothing(
      Database database) throws Exception {
    MarketFixture market = MarketFixture.prepare(database, dir, AFTER_LAST);
    ModelRegistry registry = new ModelRegistry(database);
    registry.retire(market.model().id());
    RetrainService service = new RetrainService(database);

    RetrainDecision first = service.retrain(POLICY, Progress.Factory.SILENT);
    assertThat(first.promoted()).isTrue();
    assertThat(first.activeModelId()).isNull();
    assertThat(first.activeRankIc()).isNull();
    assertThat(first.reason()).isEqualTo("no model was active");
    assertThat(registry.active().orElseThrow().id()).isEqualTo(first.candidateModelId());
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run(
                    "SELECT active_model_id IS NULL, active_rank_ic IS NULL, promoted,"
                        + " candidate_rank_ic IS NOT NULL FROM retrain_decision")
                .rows())
        .containsExactly(List.of("t", "t", "t", "t"));

    // The same data and policy train the same weights: the very model that is active.
    RetrainDecision again = service.retrain(POLICY, Progress.Factory.SILENT);
    assertThat(again.candidateModelId()).isEqualTo(first.candidateModelId());
    assertThat(again.promoted()).isFalse();
    assertThat(again.reason()).startsWith("the candidate is the active model already");
    assertThat(registry.active().orElseThrow().id()).isEqualTo(first.candidateModelId());
  }

  @Test
  void anActiveModelIsJudgedOnlyOnWindowDatesItDidNotTrainOnOrReplacedIfTooFewRemain(
      Database database) throws Exception {
    MarketFixture.prepare(database, dir, AFTER_LAST);
    ModelRegistry registry = new ModelRegistry(database);
    RetrainService service = new RetrainService(database);
    TradingCalendar calendar = TradingCalendar.load(database.dataSource());

    // Trained into mid-November: the candidate's window from early November is partly its own.
    RegisteredModel partly =
        registry.promote(train(database, LocalDate.of(2023, 6, 1), NEWEST_LABEL).id());
    RetrainDecision judgedAfter =
        service.retrain(POLICY.withPromoteMargin(1.0), Progress.Factory.SILENT);
    RegisteredModel candidate = registry.find(judgedAfter.candidateModelId());
    LocalDate learnedUntil = calendar.plusTradingDays(partly.training().to(), 1);
    assertThat(partly.training().to()).isAfter(candidate.validation().from());
    assertThat(judgedAfter.promoted()).isFalse();
    assertThat(judgedAfter.activeModelId()).isEqualTo(partly.id());
    assertThat(judgedAfter.activeRankIc()).isNotNull();
    assertThat(judgedAfter.window().from()).isAfter(learnedUntil);
    assertThat(judgedAfter.window().to()).isEqualTo(NEWEST_LABEL);
    assertThat(judgedAfter.judgedDays()).isBetween(RetrainService.MIN_JUDGED_DAYS, 51);
    assertThat(judgedAfter.reason())
        .contains(
            "the window's dates after "
                + learnedUntil
                + " only: the active model trained up to "
                + partly.training().to());

    // Trained into mid-December: fewer than 20 of the window's dates are new to it.
    RegisteredModel mostly =
        registry.promote(train(database, LocalDate.of(2023, 10, 2), NEWEST_LABEL).id());
    RetrainDecision replaced = service.decide(candidate.id(), 1.0);
    assertThat(replaced.promoted()).isTrue();
    assertThat(replaced.activeModelId()).isEqualTo(mostly.id());
    assertThat(replaced.activeRankIc()).isNull();
    assertThat(replaced.window()).isEqualTo(candidate.validation());
    assertThat(replaced.reason())
        .startsWith(
            "the active model " + mostly.id() + " trained on dates up to " + mostly.training().to())
        .contains("cannot be judged fairly");
    assertThat(registry.active().orElseThrow().id()).isEqualTo(candidate.id());
    assertThat(registry.find(mostly.id()).status()).isEqualTo(ModelStatus.RETIRED);
  }

  @Test
  void aPolicyRoundTripsThroughTheJobDataAndRefusesAMarginNoRankIcCanGain() {
    RetrainPolicy policy =
        new RetrainPolicy(
            NetworkConfig.defaults(Architecture.CNN).withMaxEpochs(3),
            Label.FORWARD_RETURN_5D,
            2,
            -0.001);
    assertThat(RetrainPolicy.fromJobData(policy.toJobData())).isEqualTo(policy);
    assertThatThrownBy(() -> POLICY.withPromoteMargin(2.5))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("-1..1, was 2.5");
    assertThatThrownBy(() -> RetrainPolicy.fromJobData(Map.of("label", "x")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("lacks 'network'");
    assertThat(policy.describe()).startsWith("cnn on forward_return_5d, the last 2 year(s)");
  }

  private static RegisteredModel train(Database database, LocalDate from, LocalDate to) {
    return new TrainService(database)
        .train(
            new TrainRequest(
                TINY,
                Label.NEXT_RETURN_1D,
                null,
                new DateRange(from, to),
                null,
                SymbolScope.ALL,
                0),
            Progress.Factory.SILENT)
        .folds()
        .get(0)
        .model();
  }

  private static List<Object> row(List<Object> common, double margin, boolean promoted) {
    List<Object> row = new ArrayList<>(common);
    row.add(margin);
    row.add(promoted);
    return row;
  }

  private static List<List<Object>> decisionRows(Database database) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement query = connection.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT candidate_model_id, active_model_id, window_from, window_to,"
                    + " candidate_rank_ic, active_rank_ic, margin, promoted"
                    + " FROM retrain_decision ORDER BY id")) {
      while (row.next()) {
        rows.add(
            List.of(
                row.getLong(1),
                row.getLong(2),
                row.getDate(3).toLocalDate(),
                row.getDate(4).toLocalDate(),
                row.getDouble(5),
                row.getDouble(6),
                row.getDouble(7),
                row.getBoolean(8)));
      }
    }
    return rows;
  }
}
