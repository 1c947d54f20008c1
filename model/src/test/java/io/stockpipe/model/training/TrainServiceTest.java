package io.stockpipe.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryResult;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.assessment.EvaluateService;
import io.stockpipe.model.assessment.EvaluateSummary;
import io.stockpipe.model.baseline.SyntheticMarket;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.prediction.PredictService;
import io.stockpipe.model.prediction.PredictSummary;
import io.stockpipe.model.registry.LoadedModel;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.ModelStatus;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.FeatureHistoryReader;
import io.stockpipe.progress.Progress;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Train, register, predict and evaluate against a real PostgreSQL, on a synthetic market whose
 * label is a known function of two features.
 */
@ExtendWith(PostgresExtension.class)
class TrainServiceTest {
  private static final DateRange TRAINING =
      new DateRange(LocalDate.of(2021, 1, 4), LocalDate.of(2021, 9, 30));
  private static final DateRange TEST =
      new DateRange(LocalDate.of(2021, 10, 1), LocalDate.of(2022, 3, 31));

  private final SyntheticMarket market = new SyntheticMarket();
  private Database database;

  @BeforeEach
  void insertMarket(Database database) throws Exception {
    this.database = database;
    market.insert(database);
  }

  @Test
  void trainsRegistersWithProvenanceAndARetrainGivesTheSameModel() {
    TrainSummary first = train(request(TRAINING, null));
    RegisteredModel model = first.folds().get(0).model();

    assertThat(model.status()).isEqualTo(ModelStatus.CANDIDATE);
    // The first dates have no complete feature vector (ret_20's window is not full yet).
    assertThat(model.training().from())
        .isEqualTo(market.date(SyntheticMarket.WINDOW_NOT_FULL_DAYS));
    assertThat(model.training().to()).isBefore(model.validation().from());
    assertThat(model.validation().to()).isBeforeOrEqualTo(TRAINING.to());
    assertThat(model.featureSetVersion()).isEqualTo(SyntheticMarket.VERSION);
    assertThat(model.featureSetHash()).hasSize(64);
    assertThat(model.configHash()).matches("[0-9a-f]{64}");
    assertThat(model.codeVersion()).isNotBlank();
    assertThat(model.modelSha256()).matches("[0-9a-f]{64}");
    assertThat(model.name()).startsWith("dense-next_return_1d-");
    assertThat((Double) model.metrics().get("validation_rank_ic")).isGreaterThan(0.5);

    TrainSummary second = train(request(TRAINING, null));
    RegisteredModel again = second.folds().get(0).model();
    assertThat(again.id()).isEqualTo(model.id());
    assertThat(again.modelSha256()).isEqualTo(model.modelSha256());
    assertThat(count("SELECT count(*) FROM model_registry")).isEqualTo(1);
  }

  @Test
  void aModelReadBackFromTheRegistryPredictsExactlyAsTrained() {
    TrainedFold trained = train(request(TRAINING, null)).folds().get(0);
    LoadedModel loaded = new ModelRegistry(database).load(trained.model().id());

    FeatureHistory history =
        new FeatureHistoryReader(database)
            .read(
                new FeatureSets(database).resolve(SyntheticMarket.VERSION),
                Label.NEXT_RETURN_1D,
                TEST,
                1,
                List.of(),
                Progress.silent());
    int[] rows = history.labelledSamples(1, TEST);
    assertThat(rows).isNotEmpty();
    assertThat(loaded.fitted().predict(history, rows))
        .containsExactly(trained.fitted().predict(history, rows));
    assertThat(loaded.fitted().scaler().means()).containsExactly(trained.fitted().scaler().means());
  }

  @Test
  void walkForwardNeverTrainsOnTheDatesAFoldPredicts() {
    DateRange span = new DateRange(TRAINING.from(), TEST.to());
    WalkForward walkForward = new WalkForward(Period.ofMonths(3), LocalDate.of(2021, 9, 1));
    TrainSummary summary = train(request(span, walkForward));

    // Sep-Nov and Dec-Feb; March has no labelled data left, so no model is trained for it.
    assertThat(summary.folds()).hasSize(2);
    for (TrainedFold fold : summary.folds()) {
      assertThat(fold.model().validation().to()).isBefore(fold.test().from());
      assertThat(fold.model().walkForwardRun()).isEqualTo(summary.walkForwardRun());
    }
    // Every stored prediction was made by a model whose data ended before its as-of date.
    assertThat(
            count(
                "SELECT count(*) FROM prediction p JOIN model_registry m ON m.id = p.model_id"
                    + " WHERE p.as_of_date <= m.validation_to"))
        .isZero();
    assertThat(count("SELECT count(*) FROM prediction")).isEqualTo(summary.evaluation().testRows());
    assertThat(summary.evaluation().rankIc().mean()).isGreaterThan(0.5);
    assertThat(
            count(
                "SELECT count(*) FROM model_evaluation WHERE model_kind = 'dl4j'"
                    + " AND model_name = '"
                    + summary.walkForwardRun()
                    + "'"))
        .isGreaterThan(10);
  }

  @Test
  void evaluateScoresBesideTheBaselinesAndShuffledLabelsLearnNothing() {
    RegisteredModel model = train(request(TRAINING, null)).folds().get(0).model();
    EvaluateService service = new EvaluateService(database);
    EvaluateSummary summary = service.evaluate(model.id(), TEST, false, Progress.Factory.SILENT);

    assertThat(summary.metrics().rankIc().mean()).isGreaterThan(0.5);
    assertThat(summary.metrics().deciles().topHitRate()).isGreaterThan(0.6);
    assertThat(summary.metrics().deciles().longShort().mean()).isGreaterThan(0);
    assertThat(Math.abs(summary.leakCheck().mean())).isLessThan(0.1);
    // Each shuffle its own seed: distinct models, so distinct rank ICs to take a spread from.
    assertThat(summary.leakCheck().rankIcs())
        .hasSize(LeakCheck.DEFAULT_SHUFFLES)
        .doesNotHaveDuplicates();
    assertThat(summary.leakCheck().standardError()).isPositive();
    long stored = count("SELECT count(*) FROM model_evaluation WHERE model_kind = 'dl4j'");
    assertThat(
            count(
                "SELECT count(*) FROM model_evaluation WHERE metric IN"
                    + " ('shuffled_label_rank_ic_mean', 'shuffled_label_rank_ic_se',"
                    + " 'top_decile_hit_rate', 'long_short_mean_return', 'rank_ic_t_stat')"))
        .isEqualTo(5);

    service.evaluate(model.id(), TEST, false, Progress.Factory.SILENT);
    assertThat(count("SELECT count(*) FROM model_evaluation WHERE model_kind = 'dl4j'"))
        .isEqualTo(stored);
    assertThatThrownBy(() -> service.evaluate(model.id(), TRAINING, false, Progress.Factory.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("learned from dates up to");
  }

  @Test
  void predictUsesTheActiveModelAndARerunChangesNothing() {
    ModelRegistry registry = new ModelRegistry(database);
    PredictService predict = new PredictService(database);
    LocalDate asOf = market.date(SyntheticMarket.DAYS - 1);
    assertThatThrownBy(() -> predict.predict(asOf, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no active model");

    RegisteredModel first = train(request(TRAINING, null)).folds().get(0).model();
    RegisteredModel second =
        train(
                new TrainRequest(
                    small().withSeed(9), Label.NEXT_RETURN_1D, null, TRAINING, null, null, 0))
            .folds()
            .get(0)
            .model();
    registry.promote(first.id());
    assertThat(registry.promote(second.id()).status()).isEqualTo(ModelStatus.ACTIVE);
    assertThat(registry.find(first.id()).status()).isEqualTo(ModelStatus.RETIRED);

    PredictSummary summary = predict.predict(asOf, null);
    assertThat(summary.model().id()).isEqualTo(second.id());
    assertThat(summary.rows()).hasSize(SyntheticMarket.SYMBOLS);
    assertThat(summary.rows().get(0).rank()).isEqualTo(1);
    assertThat(summary.rows().get(0).targetDate()).isAfter(asOf);
    String snapshot = "SELECT symbol, score, cross_sectional_rank FROM prediction ORDER BY 1";
    QueryResult before = QueryRunner.asOwner(database.dataSource()).run(snapshot);
    predict.predict(asOf, null);
    assertThat(QueryRunner.asOwner(database.dataSource()).run(snapshot).rows())
        .isEqualTo(before.rows());
    assertThat(
            count(
                "SELECT count(*) FROM prediction_provenance WHERE config_hash = '"
                    + second.configHash()
                    + "' AND code_version <> '' AND feature_set_hash <> ''"))
        .isEqualTo(SyntheticMarket.SYMBOLS);

    // Rolling back: the retired model becomes active again, the other one retired.
    assertThat(registry.promote(first.id()).status()).isEqualTo(ModelStatus.ACTIVE);
    assertThat(registry.find(second.id()).status()).isEqualTo(ModelStatus.RETIRED);
    registry.retire(first.id());
    assertThat(registry.active()).isEmpty();
  }

  @Test
  void aHeldOutSymbolIsNeverTrainedOnAndCanBeJudgedAlone() {
    SymbolScope scope = new SymbolScope(List.of(), 30);
    List<String> heldOut =
        IntStream.range(0, SyntheticMarket.SYMBOLS)
            .mapToObj(i -> "S" + i)
            .filter(scope::heldOut)
            .toList();
    assertThat(heldOut).isNotEmpty().hasSizeLessThan(SyntheticMarket.SYMBOLS / 2);
    TrainedFold fold =
        train(
                new TrainRequest(
                    small(),
                    Label.NEXT_RETURN_1D,
                    null,
                    TRAINING,
                    null,
                    scope,
                    LeakCheck.DEFAULT_SHUFFLES))
            .folds()
            .get(0);
    TrainedFold everySymbol = train(request(TRAINING, null)).folds().get(0);
    RegisteredModel model = new ModelRegistry(database).find(fold.model().id());
    assertThat(model.scope().holdoutPercent()).isEqualTo(30);
    assertThat(model.scope().symbols())
        .isSortedAccordingTo(String::compareTo)
        .hasSize(SyntheticMarket.SYMBOLS - heldOut.size())
        .doesNotContainAnyElementsOf(heldOut);
    assertThat(model.name()).isNotEqualTo(everySymbol.model().name());
    // Each symbol contributes the same number of training samples.
    assertThat(fold.trainingSamples() * SyntheticMarket.SYMBOLS)
        .isEqualTo(everySymbol.trainingSamples() * (SyntheticMarket.SYMBOLS - heldOut.size()));

    EvaluateSummary unseen =
        new EvaluateService(database).evaluate(model.id(), TEST, true, Progress.Factory.SILENT);
    // The rule the synthetic market follows is the same for every symbol, so it carries over.
    assertThat(unseen.metrics().rankIc().mean()).isGreaterThan(0.5);
    assertThat(
            count(
                "SELECT count(*) FROM model_evaluation WHERE model_name = '"
                    + model.name()
                    + EvaluateService.UNSEEN_SYMBOLS_SUFFIX
                    + "' AND metric = 'rank_ic_mean' AND details->>'symbols_judged' = '"
                    + heldOut.size()
                    + "'"))
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                new EvaluateService(database)
                    .evaluate(everySymbol.model().id(), TEST, true, Progress.Factory.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("of symbols the model did not learn from");
  }

  @Test
  void aTickerIngestedAfterAModelOfEverySymbolWasTrainedIsUnseenByIt() throws Exception {
    RegisteredModel model = train(request(TRAINING, null)).folds().get(0).model();
    assertThat(model.scope().symbols()).hasSize(SyntheticMarket.SYMBOLS).contains("S0", "S29");
    // A new listing: its features and labels from the test dates on (S1's, so the rule holds).
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO feature_row (feature_set_version, symbol, trade_date, features)"
              + " SELECT feature_set_version, 'NEW', trade_date, features FROM feature_row"
              + " WHERE symbol = 'S1' AND trade_date >= DATE '"
              + TEST.from()
              + "'; INSERT INTO label_row (symbol, trade_date, next_return_1d)"
              + " SELECT 'NEW', trade_date, next_return_1d FROM label_row"
              + " WHERE symbol = 'S1' AND trade_date >= DATE '"
              + TEST.from()
              + "'");
    }

    EvaluateSummary unseen =
        new EvaluateService(database).evaluate(model.id(), TEST, true, 1, Progress.Factory.SILENT);

    assertThat(unseen.metrics().testRows()).isPositive();
    assertThat(
            QueryRunner.asOwner(database.dataSource())
                .run("SELECT DISTINCT symbol FROM prediction WHERE model_id = " + model.id())
                .rows())
        .containsExactly(List.of("NEW"));
    assertThat(
            count(
                "SELECT count(*) FROM model_evaluation WHERE model_name = '"
                    + model.name()
                    + EvaluateService.UNSEEN_SYMBOLS_SUFFIX
                    + "' AND details->>'symbols_judged' = '1'"))
        .isPositive();
  }

  @Test
  void aModelRegisteredBeforeItsSymbolsWereRecordedKeepsItsOldMeaning() throws Exception {
    RegisteredModel model =
        train(
                new TrainRequest(
                    small(),
                    Label.NEXT_RETURN_1D,
                    null,
                    TRAINING,
                    null,
                    new SymbolScope(List.of(), 30),
                    0))
            .folds()
            .get(0)
            .model();
    RegisteredModel everySymbol = train(request(TRAINING, null)).folds().get(0).model();
    // Rows written before V9 hold NULL: every symbol of the feature set, less the holdout.
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER TABLE model_registry DISABLE TRIGGER model_registry_immutable;"
              + " UPDATE model_registry SET training_symbols = NULL;"
              + " ALTER TABLE model_registry ENABLE TRIGGER model_registry_immutable");
    }
    ModelRegistry registry = new ModelRegistry(database);
    assertThat(registry.find(model.id()).scope()).isEqualTo(new SymbolScope(List.of(), 30));
    assertThat(registry.find(model.id()).scope().trainsOn().test("S3"))
        .isEqualTo(model.scope().symbols().contains("S3"));

    EvaluateSummary unseen =
        new EvaluateService(database).evaluate(model.id(), TEST, true, 1, Progress.Factory.SILENT);
    long heldOut =
        IntStream.range(0, SyntheticMarket.SYMBOLS)
            .filter(i -> new SymbolScope(List.of(), 30).heldOut("S" + i))
            .count();
    assertThat(
            count("SELECT count(DISTINCT symbol) FROM prediction WHERE model_id = " + model.id()))
        .isEqualTo(heldOut);
    assertThatThrownBy(
            () ->
                new EvaluateService(database)
                    .evaluate(everySymbol.id(), TEST, true, 1, Progress.Factory.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("before the registry recorded its symbols");
    assertThat(unseen.metrics().testRows()).isPositive();
  }

  @Test
  void tuningKeepsTheCandidateWithTheBestValidationRankIc() {
    // 1e-6 barely moves the weights in 15 epochs; 1e-2 learns the synthetic rule.
    Tuning tuning = Tuning.parse(List.of("learning-rate=0.000001,0.01", "hidden=8,32x16"));
    TrainedFold fold =
        train(
                new TrainRequest(
                    small(), Label.NEXT_RETURN_1D, null, TRAINING, null, null, 0, tuning))
            .folds()
            .get(0);

    RegisteredModel model = new ModelRegistry(database).find(fold.model().id());
    assertThat(model.config().learningRate()).isEqualTo(0.01);
    assertThat(model.config().seed()).isEqualTo(small().seed());
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> tried =
        (List<java.util.Map<String, Object>>) model.metrics().get("tuning");
    assertThat(tried)
        .extracting(candidate -> candidate.get("hyper_parameters"))
        .containsExactly(
            "learning-rate=1.0E-6 hidden=8",
            "learning-rate=1.0E-6 hidden=32x16",
            "learning-rate=0.01 hidden=8",
            "learning-rate=0.01 hidden=32x16");
    java.util.Map<String, Object> best =
        tried.stream()
            .max(
                java.util.Comparator.comparingDouble(
                    candidate -> ((Number) candidate.get("validation_rank_ic")).doubleValue()))
            .orElseThrow();
    assertThat(best.get("hyper_parameters")).isEqualTo(tuning.describe(model.config()));
    assertThat(model.metrics().get("validation_loss")).isEqualTo(best.get("validation_loss"));
    assertThat(model.metrics().get("tuned")).isEqualTo(tuning.describe(model.config()));
    // The chosen config trains to the same model as asking for it directly.
    TrainedFold direct =
        train(new TrainRequest(model.config(), Label.NEXT_RETURN_1D, null, TRAINING, null, null, 0))
            .folds()
            .get(0);
    assertThat(direct.model().configHash()).isEqualTo(model.configHash());
  }

  @Test
  void selectionNeverLooksAtTheDatesAfterTheTrainingRange() throws Exception {
    // Tuning and early stopping see only the training range's dates: scrambling every feature
    // and label after it must leave the chosen model bit for bit the same.
    Tuning tuning = Tuning.parse(List.of("learning-rate=0.001,0.01"));
    TrainRequest request =
        new TrainRequest(
            small().withTarget(io.stockpipe.model.network.Target.RANK),
            Label.NEXT_RETURN_1D,
            null,
            TRAINING,
            null,
            null,
            0,
            tuning);
    RegisteredModel before = train(request).folds().get(0).model();
    SyntheticMarket.scrambleAfter(database, TRAINING.to());
    RegisteredModel after = train(request).folds().get(0).model();
    assertThat(after.modelSha256()).isEqualTo(before.modelSha256());
    assertThat(after.id()).isEqualTo(before.id());
  }

  @Test
  void anEnsembleOnPerDateInputsIsOneRegistryRowThatPredictsAsTrained() {
    NetworkConfig config =
        small()
            .withTarget(io.stockpipe.model.network.Target.RANK)
            .withInputs(io.stockpipe.model.network.InputNormalisation.ROBUST)
            .withEnsembleSize(2)
            .withMaxEpochs(4);
    TrainedFold trained =
        train(new TrainRequest(config, Label.NEXT_RETURN_1D, null, TRAINING, null, null, 0))
            .folds()
            .get(0);
    RegisteredModel model = new ModelRegistry(database).find(trained.model().id());
    assertThat(model.config()).isEqualTo(config);
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> members =
        (List<java.util.Map<String, Object>>) model.metrics().get("ensemble_members");
    assertThat(members)
        .extracting(member -> ((Number) member.get("seed")).longValue())
        .containsExactly(config.seed(), config.seed() + 1);
    assertThat(count("SELECT count(*) FROM model_registry")).isEqualTo(1);

    LoadedModel loaded = new ModelRegistry(database).load(model.id());
    FeatureHistory history =
        io.stockpipe.model.samples.PerDateInputs.normalise(
            new FeatureHistoryReader(database)
                .read(
                    new FeatureSets(database).resolve(SyntheticMarket.VERSION),
                    Label.NEXT_RETURN_1D,
                    TEST,
                    1,
                    List.of(),
                    Progress.silent()),
            config.inputs());
    int[] rows = history.labelledSamples(1, TEST);
    assertThat(loaded.fitted().predict(history, rows))
        .containsExactly(trained.fitted().predict(history, rows));

    // Promoted, it predicts a date like any model: ranks and scores, no return, no P(up).
    new ModelRegistry(database).promote(model.id());
    PredictSummary predicted = new PredictService(database).predict(TEST.from(), null);
    assertThat(predicted.rows()).isNotEmpty();
    assertThat(
            count(
                "SELECT count(*) FROM prediction WHERE predicted_return IS NULL"
                    + " AND probability_up IS NULL AND score BETWEEN -0.5 AND 0.5"))
        .isEqualTo(predicted.rows().size());
  }

  private TrainSummary train(TrainRequest request) {
    return new TrainService(database).train(request, Progress.Factory.SILENT);
  }

  private static TrainRequest request(DateRange range, WalkForward walkForward) {
    return new TrainRequest(
        small(), Label.NEXT_RETURN_1D, null, range, walkForward, null, LeakCheck.DEFAULT_SHUFFLES);
  }

  static NetworkConfig small() {
    NetworkConfig defaults = NetworkConfig.defaults(Architecture.DENSE);
    return new NetworkConfig(
        Architecture.DENSE,
        defaults.target(),
        List.of(32, 16),
        List.of(),
        0,
        1,
        0,
        3e-3,
        0,
        15,
        3,
        64,
        defaults.seed());
  }

  private long count(String sql) {
    return Long.parseLong(QueryRunner.asOwner(database.dataSource()).run(sql).rows().get(0).get(0));
  }
}
