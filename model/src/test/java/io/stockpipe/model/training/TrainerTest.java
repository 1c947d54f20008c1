package io.stockpipe.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Networks;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.progress.Progress;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {
  private static final int FEATURES = 6;
  private static final LocalDate SPLIT = LocalDate.of(2020, 9, 1);

  @Test
  void denseOutputHasOneValuePerSampleAndCnnReadsChannelsByDays() {
    MultiLayerNetwork dense = Networks.build(NetworkConfig.defaults(Architecture.DENSE), FEATURES);
    assertThat(dense.output(Nd4j.rand(7, FEATURES)).shape()).containsExactly(7, 1);

    NetworkConfig cnn = NetworkConfig.defaults(Architecture.CNN);
    MultiLayerNetwork network = Networks.build(cnn, FEATURES);
    assertThat(network.output(Nd4j.rand(new int[] {5, FEATURES, cnn.windowDays()})).shape())
        .containsExactly(5, 1);
    MultiLayerNetwork classifier = Networks.build(cnn.withTarget(Target.SIGN), FEATURES);
    assertThat(classifier.output(Nd4j.rand(new int[] {3, FEATURES, cnn.windowDays()})).shape())
        .containsExactly(3, 2);
  }

  @Test
  void denseLearnsALinearFunctionOfTodaysFeatures() {
    FeatureHistory history =
        SyntheticHistory.generate(
            8, 300, FEATURES, 1, (series, day) -> 0.5f * series[day][0] - 0.3f * series[day][1]);
    double correlation = heldOutCorrelation(small(Architecture.DENSE), history, 1);
    assertThat(correlation).isGreaterThan(0.95);
  }

  @Test
  void cnnLearnsAFunctionOfThePastWindow() {
    // The label depends on a feature five days back: only a model that sees the window can know.
    FeatureHistory history =
        SyntheticHistory.generate(
            8,
            300,
            FEATURES,
            2,
            (series, day) -> day < 5 ? 0f : series[day - 5][2] + 0.5f * series[day][0]);
    NetworkConfig cnn = small(Architecture.CNN);
    double correlation = heldOutCorrelation(cnn, history, cnn.windowDays());
    assertThat(correlation).isGreaterThan(0.8);

    double denseCorrelation = heldOutCorrelation(small(Architecture.DENSE), history, 1);
    assertThat(denseCorrelation).isLessThan(correlation - 0.2);
  }

  @Test
  void signClassifierLearnsTheDirection() {
    FeatureHistory history =
        SyntheticHistory.generate(8, 300, FEATURES, 3, (series, day) -> series[day][3]);
    NetworkConfig config = small(Architecture.DENSE).withTarget(Target.SIGN);
    int[] training = rows(history, 1, true);
    int[] test = rows(history, 1, false);
    Trainer.Outcome outcome =
        Trainer.train(
            config, history, training, halfOfTheDates(history, test, true), Progress.silent());
    double[] probabilities = outcome.fitted().predict(history, test);
    long hits = 0;
    for (int i = 0; i < test.length; i++) {
      hits += (probabilities[i] > 0.5) == (history.label(test[i]) > 0) ? 1 : 0;
    }
    assertThat((double) hits / test.length).isGreaterThan(0.9);
    assertThat(Arrays.stream(probabilities).allMatch(p -> p >= 0 && p <= 1)).isTrue();
  }

  @Test
  void sameSeedDataAndConfigGiveTheSameWeights() {
    FeatureHistory history =
        SyntheticHistory.generate(4, 200, FEATURES, 4, (series, day) -> series[day][0]);
    for (Architecture architecture : List.of(Architecture.DENSE, Architecture.CNN)) {
      NetworkConfig config = small(architecture);
      int[] training = rows(history, config.windowDays(), true);
      int[] validation = rows(history, config.windowDays(), false);
      Trainer.Outcome first =
          Trainer.train(config, history, training, validation, Progress.silent());
      Trainer.Outcome second =
          Trainer.train(config, history, training, validation, Progress.silent());
      assertThat(second.fitted().network().params())
          .as(architecture.key())
          .isEqualTo(first.fitted().network().params());
      Trainer.Outcome otherSeed =
          Trainer.train(config.withSeed(7), history, training, validation, Progress.silent());
      assertThat(otherSeed.fitted().network().params())
          .isNotEqualTo(first.fitted().network().params());
    }
  }

  @Test
  void earlyStoppingKeepsTheEpochWithTheBestValidationRankIc() {
    // Pure noise: the validation rank IC wanders, so training ends after patience epochs.
    FeatureHistory history =
        SyntheticHistory.generate(
            8, 200, FEATURES, 5, (series, day) -> (float) Math.sin(day * 12.9898 + series[day][0]));
    NetworkConfig config = small(Architecture.DENSE);
    int[] validation = rows(history, 1, false);
    Trainer.Outcome outcome =
        Trainer.train(config, history, rows(history, 1, true), validation, Progress.silent());
    assertThat(outcome.epochs()).hasSizeLessThanOrEqualTo(config.maxEpochs());
    assertThat(outcome.epochs().size() - outcome.bestEpoch())
        .isLessThanOrEqualTo(config.patience());
    double best =
        outcome.epochs().stream().mapToDouble(EpochStats::validationRankIc).max().orElseThrow();
    assertThat(outcome.epochs().get(outcome.bestEpoch() - 1).validationRankIc()).isEqualTo(best);
    // The weights kept are that epoch's: their predictions score exactly that rank IC.
    double[] outputs = outcome.fitted().predict(history, validation);
    assertThat(Trainer.rankIc(config.target(), history, validation, outputs))
        .isCloseTo(best, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(outcome.validationRankIc()).isEqualTo(best);
  }

  @Test
  void perDateTargetsLearnTheOrderWithinEachDateDespiteALargeCommonMove() {
    // Every symbol shares a date's large move; only feature 0 orders the symbols within it.
    FeatureHistory history =
        SyntheticHistory.generate(
            10,
            300,
            FEATURES,
            6,
            (series, day) -> 0.1f * series[day][0] + 3f * (float) Math.sin(day * 0.7));
    for (Target target : List.of(Target.RANK, Target.ZSCORE)) {
      NetworkConfig config = small(Architecture.DENSE).withTarget(target);
      int[] training = rows(history, 1, true);
      int[] test = rows(history, 1, false);
      Trainer.Outcome outcome = Trainer.train(config, history, training, test, Progress.silent());
      double[] outputs = outcome.fitted().predict(history, test);
      assertThat(Trainer.rankIc(target, history, test, outputs))
          .as(target.key())
          .isGreaterThan(0.9);
      if (target == Target.RANK) {
        assertThat(Arrays.stream(outputs).map(Math::abs).max().orElseThrow()).isLessThan(1.0);
      }
    }
  }

  @Test
  void anEnsembleAveragesItsMembersPerDateRanksAndIsReproducible() {
    FeatureHistory history =
        SyntheticHistory.generate(
            8, 200, FEATURES, 7, (series, day) -> series[day][0] - 0.5f * series[day][1]);
    NetworkConfig single = small(Architecture.DENSE).withMaxEpochs(4);
    int[] training = rows(history, 1, true);
    int[] validation = rows(history, 1, false);
    Trainer.Outcome ensemble =
        Trainer.train(single.withEnsembleSize(3), history, training, validation, Progress.silent());

    assertThat(ensemble.fitted().members()).hasSize(3);
    assertThat(ensemble.members())
        .extracting(member -> member.get("seed"))
        .containsExactly(single.seed(), single.seed() + 1, single.seed() + 2);
    double[] expected = new double[validation.length];
    for (int member = 0; member < 3; member++) {
      Trainer.Outcome alone =
          Trainer.train(
              single.withSeed(single.seed() + member),
              history,
              training,
              validation,
              Progress.silent());
      double[] ranks =
          io.stockpipe.model.samples.PerDateLabels.centredRanksByDate(
              history, validation, alone.fitted().predict(history, validation));
      for (int i = 0; i < ranks.length; i++) {
        expected[i] += ranks[i] / 3;
      }
    }
    double[] outputs = ensemble.fitted().predict(history, validation);
    assertThat(outputs).containsExactly(expected, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(ensemble.fitted().config().scoredAs()).isEqualTo(Target.RANK);

    // Stored and read back: the same bytes, the same predictions; retrained: the same bytes.
    byte[] bytes = ensemble.fitted().networkBytes();
    FittedNetwork restored =
        FittedNetwork.fromBytes(bytes, ensemble.fitted().scaler(), ensemble.fitted().config());
    assertThat(restored.predict(history, validation)).containsExactly(outputs);
    assertThat(restored.networkBytes()).isEqualTo(bytes);
    Trainer.Outcome again =
        Trainer.train(single.withEnsembleSize(3), history, training, validation, Progress.silent());
    assertThat(again.fitted().networkBytes()).isEqualTo(bytes);
  }

  static NetworkConfig small(Architecture architecture) {
    NetworkConfig defaults = NetworkConfig.defaults(architecture);
    return new NetworkConfig(
        architecture,
        Target.REGRESSION,
        List.of(32),
        architecture == Architecture.CNN ? List.of(16, 16) : List.of(),
        3,
        architecture == Architecture.CNN ? 8 : 1,
        0,
        1e-2,
        0,
        30,
        4,
        64,
        defaults.seed());
  }

  private static double heldOutCorrelation(
      NetworkConfig config, FeatureHistory history, int windowDays) {
    int[] training = rows(history, windowDays, true);
    int[] test = rows(history, windowDays, false);
    Trainer.Outcome outcome =
        Trainer.train(
            config, history, training, halfOfTheDates(history, test, true), Progress.silent());
    int[] heldOut = halfOfTheDates(history, test, false);
    double[] predicted = outcome.fitted().predict(history, heldOut);
    double[] actual = Arrays.stream(heldOut).mapToDouble(history::label).toArray();
    return pearson(predicted, actual);
  }

  /**
   * The rows of {@code rows} on the first (or second) half of their dates, every symbol of each:
   * validation must be dates after training, with several symbols a date for a rank IC.
   */
  static int[] halfOfTheDates(FeatureHistory history, int[] rows, boolean first) {
    int firstDay = Arrays.stream(rows).map(history::epochDay).min().orElseThrow();
    int lastDay = Arrays.stream(rows).map(history::epochDay).max().orElseThrow();
    int middle = firstDay + (lastDay - firstDay) / 2;
    return Arrays.stream(rows).filter(row -> (history.epochDay(row) < middle) == first).toArray();
  }

  static int[] rows(FeatureHistory history, int windowDays, boolean beforeSplit) {
    int split = (int) SPLIT.toEpochDay();
    return history.sampleRows(windowDays, true, day -> beforeSplit ? day < split : day >= split);
  }

  static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
