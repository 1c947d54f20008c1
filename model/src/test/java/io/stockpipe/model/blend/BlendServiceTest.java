package io.stockpipe.model.blend;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.db.Database;
import io.stockpipe.db.query.QueryRunner;
import io.stockpipe.db.testing.PostgresExtension;
import io.stockpipe.model.assessment.EvaluateService;
import io.stockpipe.model.assessment.EvaluateSummary;
import io.stockpipe.model.baseline.SyntheticMarket;
import io.stockpipe.model.baseline.Tuning;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSets;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.InputNormalisation;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.prediction.PredictService;
import io.stockpipe.model.prediction.PredictSummary;
import io.stockpipe.model.registry.LoadedModel;
import io.stockpipe.model.registry.ModelRegistry;
import io.stockpipe.model.registry.RegisteredModel;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.FeatureHistoryReader;
import io.stockpipe.model.training.TrainRequest;
import io.stockpipe.model.training.TrainingSamples;
import io.stockpipe.progress.Progress;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A blend trained, registered, read back, predicted and evaluated against a real PostgreSQL, Spark
 * and DL4J, on the synthetic market whose label is a known function of two features. Trained twice
 * only: each training is three models.
 */
@ExtendWith(PostgresExtension.class)
class BlendServiceTest {
  private static final DateRange TRAINING =
      new DateRange(LocalDate.of(2021, 1, 4), LocalDate.of(2021, 6, 30));
  private static final DateRange TEST =
      new DateRange(LocalDate.of(2021, 10, 1), LocalDate.of(2022, 3, 31));

  /** Two depths so that there is a choice; few trees to stay fast. */
  private static final Tuning TREES = new Tuning(0.2, List.of(0.0), List.of(2, 3), List.of(2), 0.3);

  /** Tiny networks, a 3-day CNN window, two epochs: what is tested is the plumbing. */
  private static final NetworkConfig CONFIG =
      new NetworkConfig(
          Architecture.BLEND,
          Target.RANK,
          List.of(8),
          List.of(4),
          2,
          3,
          0,
          1e-2,
          0,
          2,
          1,
          128,
          42,
          InputNormalisation.NONE,
          1);

  private static final TrainRequest REQUEST =
      new TrainRequest(CONFIG, Label.NEXT_RETURN_1D, null, TRAINING, null, null, 0);

  @Test
  void aBlendIsOneRowChosenOnValidationThatRetrainsIdenticallyAndPredictsLikeAnyModel(
      Database database) throws Exception {
    new SyntheticMarket().insert(database);
    BlendService service = new BlendService(database);
    BlendSummary first = service.train(REQUEST, TREES, Progress.Factory.SILENT);
    RegisteredModel model = first.model();

    // One row, with its members' provenance.
    assertThat(model.name()).startsWith("blend-next_return_1d-");
    assertThat(model.config()).isEqualTo(CONFIG);
    assertThat(model.validation().to()).isBeforeOrEqualTo(TRAINING.to());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> members =
        (Map<String, Map<String, Object>>) model.metrics().get("members");
    assertThat(members).containsOnlyKeys("dense", "cnn", "gbt");
    members.values().forEach(member -> assertThat(member).containsKey("validation_rank_ic"));
    assertThat((List<?>) members.get("gbt").get("candidates")).hasSize(2);
    assertThat((Double) model.metrics().get("validation_rank_ic")).isGreaterThan(0.5);

    // The weights: a point of the 66-point simplex grid, the first best on the validation rows.
    BlendWeights weights = first.fitted().weights();
    assertThat(BlendWeights.simplexGrid()).hasSize(66).contains(weights);
    assertThat(model.metrics().get("blend_weights")).isEqualTo(weights.toMap());
    FeatureHistory history =
        TrainingSamples.read(
            database,
            new FeatureSets(database).resolve(SyntheticMarket.VERSION),
            REQUEST,
            Progress.Factory.SILENT);
    TrainingSamples samples = TrainingSamples.of(history, REQUEST);
    assertThat(samples.split().validation()).isEqualTo(model.validation());
    int[] validation = samples.validationRows();
    FittedBlend.Members ranks = first.fitted().memberRanks(history, validation);
    double chosen =
        WeightSelection.rankIc(
            history, validation, weights.combine(ranks.dense(), ranks.cnn(), ranks.trees()));
    assertThat(chosen).isEqualTo((Double) model.metrics().get("validation_rank_ic"));
    for (BlendWeights point : BlendWeights.simplexGrid()) {
      double rankIc =
          WeightSelection.rankIc(
              history, validation, point.combine(ranks.dense(), ranks.cnn(), ranks.trees()));
      if (point.equals(weights)) {
        break; // every earlier point is worse: ties go to the earlier one
      }
      assertThat(rankIc).isLessThan(chosen);
    }

    // The registry round trip predicts exactly as trained.
    LoadedModel loaded = new ModelRegistry(database).load(model.id());
    assertThat(loaded.fitted()).isInstanceOf(FittedBlend.class);
    FeatureHistory test =
        new FeatureHistoryReader(database)
            .read(
                new FeatureSets(database).resolve(SyntheticMarket.VERSION),
                Label.NEXT_RETURN_1D,
                TEST,
                CONFIG.windowDays(),
                List.of(),
                Progress.silent());
    int[] testRows = test.labelledSamples(CONFIG.windowDays(), TEST);
    double[] scores = first.fitted().predict(test, testRows);
    assertThat(loaded.fitted().predict(test, testRows)).containsExactly(scores);
    assertThat(java.util.Arrays.stream(scores).allMatch(score -> Math.abs(score) <= 0.5)).isTrue();

    // Promoted, it predicts a date through the normal path: a rank score, no return, no P(up).
    new ModelRegistry(database).promote(model.id());
    PredictSummary predicted = new PredictService(database).predict(TEST.from(), null);
    assertThat(predicted.rows()).hasSize(SyntheticMarket.SYMBOLS);
    assertThat(
            count(
                database,
                "SELECT count(*) FROM prediction_provenance WHERE architecture = 'blend'"
                    + " AND predicted_return IS NULL AND probability_up IS NULL"
                    + " AND score BETWEEN -0.5 AND 0.5 AND config_hash = '"
                    + model.configHash()
                    + "'"))
        .isEqualTo(SyntheticMarket.SYMBOLS);

    // It evaluates like any model; the leak check retrains the dense member on shuffled labels.
    EvaluateSummary evaluated =
        new EvaluateService(database).evaluate(model.id(), TEST, false, 1, Progress.Factory.SILENT);
    assertThat(evaluated.metrics().rankIc().mean()).isGreaterThan(0.5);
    assertThat(
            count(
                database,
                "SELECT count(*) FROM model_evaluation WHERE model_name = '"
                    + model.name()
                    + "' AND details->>'leak_check' LIKE 'dense member only: %'"))
        .isPositive();

    // Retrained after every date past the training range is scrambled: the same bytes, the same
    // row. So the same seed reproduces the blend, and the test dates play no part in it.
    SyntheticMarket.scrambleAfter(database, TRAINING.to());
    BlendSummary second = service.train(REQUEST, TREES, Progress.Factory.SILENT);
    assertThat(second.fitted().modelBytes()).isEqualTo(first.fitted().modelBytes());
    assertThat(second.model().id()).isEqualTo(model.id());
    assertThat(second.fitted().weights()).isEqualTo(weights);
    assertThat(count(database, "SELECT count(*) FROM model_registry")).isEqualTo(1);
  }

  private static long count(Database database, String sql) {
    return Long.parseLong(QueryRunner.asOwner(database.dataSource()).run(sql).rows().get(0).get(0));
  }
}
