package io.stockpipe.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TuningTest {
  private static final NetworkConfig DENSE = NetworkConfig.defaults(Architecture.DENSE);
  private static final NetworkConfig CNN = NetworkConfig.defaults(Architecture.CNN);

  @Test
  void everyCombinationInTheOrderGivenWithTheRestOfTheConfigKept() {
    Tuning tuning = Tuning.parse(List.of("hidden=64x32,128", "dropout=0,0.2", "batch-size=512"));

    List<NetworkConfig> candidates = tuning.candidates(DENSE);

    assertThat(candidates)
        .extracting(tuning::describe)
        .containsExactly(
            "hidden=64x32 dropout=0.0 batch-size=512",
            "hidden=64x32 dropout=0.2 batch-size=512",
            "hidden=128 dropout=0.0 batch-size=512",
            "hidden=128 dropout=0.2 batch-size=512");
    assertThat(candidates.get(3).hiddenUnits()).containsExactly(128);
    assertThat(candidates)
        .allSatisfy(
            config -> {
              assertThat(config.learningRate()).isEqualTo(DENSE.learningRate());
              assertThat(config.seed()).isEqualTo(DENSE.seed());
              assertThat(config.maxEpochs()).isEqualTo(DENSE.maxEpochs());
            });
  }

  @Test
  void nothingToTuneIsTheConfigItself() {
    assertThat(Tuning.parse(List.of()).candidates(CNN)).containsExactly(CNN);
    assertThat(Tuning.parse(null).isEmpty()).isTrue();
  }

  @Test
  void theCnnsOwnParametersTuneOnlyACnn() {
    Tuning tuning = Tuning.parse(List.of("conv-channels=16x16,32", "kernel-size=3,5"));
    assertThat(tuning.candidates(CNN)).hasSize(4);
    assertThatThrownBy(() -> tuning.candidates(DENSE))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--tune conv-channels is for --model cnn only");
  }

  @Test
  void badArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> Tuning.parse(List.of("seed=1,2")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--tune seed=1,2: can tune [batch-size, conv-channels, dropout,");
    assertThatThrownBy(() -> Tuning.parse(List.of("dropout=0.1", "dropout=0.2")))
        .hasMessageContaining("give each name once");
    assertThatThrownBy(() -> Tuning.parse(List.of("dropout=")))
        .hasMessageContaining("at least one value");
    assertThatThrownBy(() -> Tuning.parse(List.of("hidden=64,32,x")).candidates(DENSE))
        .hasMessageContaining("--tune hidden: 'x' is not a list of sizes like 64x32");
    assertThatThrownBy(() -> Tuning.parse(List.of("learning-rate=fast")).candidates(DENSE))
        .hasMessageContaining("'fast' is not a number");
    // Values the network refuses are refused with the network's own message.
    assertThatThrownBy(() -> Tuning.parse(List.of("dropout=1.5")).candidates(DENSE))
        .hasMessageContaining("--dropout must be in [0, 1)");
  }

  @Test
  void tooManyCombinationsAreRefusedBeforeAnyTraining() {
    Tuning tuning =
        Tuning.parse(
            List.of("learning-rate=1e-4,3e-4,1e-3", "dropout=0,0.1,0.2", "batch-size=64,128,256"));
    assertThatThrownBy(() -> tuning.candidates(DENSE))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("more than 24 combinations");
  }
}
