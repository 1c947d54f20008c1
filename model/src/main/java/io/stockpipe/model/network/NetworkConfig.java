package io.stockpipe.model.network;

import io.stockpipe.errors.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides a network and how it is trained; stored as model_registry's
 * hyper-parameters, so that a model can be rebuilt from its row.
 *
 * @param architecture dense, cnn, or blend: for a blend, every value but the CNN-only ones is its
 *     dense and its CNN member's alike ({@link #member})
 * @param target regression on the label, or classification of its sign
 * @param hiddenUnits dense layers (for the CNN: after global pooling), in order
 * @param convChannels CNN only: output channels of each Convolution1D layer
 * @param kernelSize CNN only: days each convolution spans
 * @param windowDays days of features one sample holds (1 for dense)
 * @param dropout probability of dropping a hidden unit while training, 0 for none
 * @param learningRate Adam's step size
 * @param l2 weight decay on every layer
 * @param maxEpochs epochs at most; early stopping usually ends sooner
 * @param patience epochs without a better validation rank IC before training stops
 * @param batchSize samples per gradient step
 * @param seed weights, dropout and the order of samples all follow from it; member i of an ensemble
 *     uses {@code seed + i}
 * @param inputs how features are normalised across each date's symbols before scaling
 * @param ensembleSize networks trained with consecutive seeds whose per-date ranks are averaged; 1
 *     for a single network
 */
public record NetworkConfig(
    Architecture architecture,
    Target target,
    List<Integer> hiddenUnits,
    List<Integer> convChannels,
    int kernelSize,
    int windowDays,
    double dropout,
    double learningRate,
    double l2,
    int maxEpochs,
    int patience,
    int batchSize,
    long seed,
    InputNormalisation inputs,
    int ensembleSize) {
  /** Most members an ensemble may have: each is a full training. */
  public static final int MAX_ENSEMBLE = 16;

  public NetworkConfig {
    if (architecture == null || target == null) {
      throw new BadInputException("a network needs an architecture and a target");
    }
    hiddenUnits = List.copyOf(hiddenUnits);
    convChannels = architecture.windowed() ? List.copyOf(convChannels) : List.of();
    requirePositive(hiddenUnits, "--hidden");
    if (architecture.windowed()) {
      if (convChannels.isEmpty()) {
        throw new BadInputException("--conv-channels: a CNN needs at least one convolution");
      }
      requirePositive(convChannels, "--conv-channels");
      require(kernelSize >= 1, "--kernel-size must be at least 1, was " + kernelSize);
      require(
          windowDays >= kernelSize,
          "--window-days " + windowDays + " must be at least --kernel-size " + kernelSize);
    } else {
      windowDays = 1;
      kernelSize = 0;
    }
    require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), was " + dropout);
    require(
        learningRate > 0 && learningRate < 1,
        "--learning-rate must be in (0, 1), was " + learningRate);
    require(l2 >= 0 && l2 < 1, "--l2 must be in [0, 1), was " + l2);
    require(maxEpochs >= 1, "--epochs must be at least 1, was " + maxEpochs);
    require(patience >= 1, "--patience must be at least 1, was " + patience);
    require(batchSize >= 1, "--batch-size must be at least 1, was " + batchSize);
    require(inputs != null, "--inputs is missing");
    require(
        ensembleSize >= 1 && ensembleSize <= MAX_ENSEMBLE,
        "--ensemble must be 1.." + MAX_ENSEMBLE + ", was " + ensembleSize);
  }

  /** A single network on raw inputs. */
  public NetworkConfig(
      Architecture architecture,
      Target target,
      List<Integer> hiddenUnits,
      List<Integer> convChannels,
      int kernelSize,
      int windowDays,
      double dropout,
      double learningRate,
      double l2,
      int maxEpochs,
      int patience,
      int batchSize,
      long seed) {
    this(
        architecture,
        target,
        hiddenUnits,
        convChannels,
        kernelSize,
        windowDays,
        dropout,
        learningRate,
        l2,
        maxEpochs,
        patience,
        batchSize,
        seed,
        InputNormalisation.NONE,
        1);
  }

  /** The defaults for an architecture: small enough to train in minutes on two cores. */
  public static NetworkConfig defaults(Architecture architecture) {
    return switch (architecture) {
      case DENSE ->
          new NetworkConfig(
              architecture,
              Target.REGRESSION,
              List.of(64, 32),
              List.of(),
              0,
              1,
              0.1,
              1e-3,
              1e-4,
              20,
              3,
              256,
              42);
      case CNN ->
          new NetworkConfig(
              architecture,
              Target.REGRESSION,
              List.of(16),
              List.of(32, 32),
              3,
              20,
              0.1,
              1e-3,
              1e-4,
              20,
              3,
              256,
              42);
      // The CNN's convolutions and window; the dense network's layers, for both members.
      case BLEND -> {
        NetworkConfig cnn = defaults(Architecture.CNN);
        NetworkConfig dense = defaults(Architecture.DENSE);
        yield new NetworkConfig(
            architecture,
            cnn.target(),
            dense.hiddenUnits(),
            cnn.convChannels(),
            cnn.kernelSize(),
            cnn.windowDays(),
            cnn.dropout(),
            cnn.learningRate(),
            cnn.l2(),
            cnn.maxEpochs(),
            cnn.patience(),
            cnn.batchSize(),
            cnn.seed());
      }
    };
  }

  /**
   * A blend's dense or CNN member: this config with that architecture (the dense one drops the
   * CNN-only values).
   */
  public NetworkConfig member(Architecture memberArchitecture) {
    if (architecture != Architecture.BLEND || memberArchitecture == Architecture.BLEND) {
      throw new IllegalArgumentException(
          "a " + memberArchitecture.key() + " member of a " + architecture.key() + " model");
    }
    return new NetworkConfig(
        memberArchitecture,
        target,
        hiddenUnits,
        convChannels,
        kernelSize,
        windowDays,
        dropout,
        learningRate,
        l2,
        maxEpochs,
        patience,
        batchSize,
        seed,
        inputs,
        ensembleSize);
  }

  public NetworkConfig withTarget(Target newTarget) {
    return new NetworkConfig(
        architecture,
        newTarget,
        hiddenUnits,
        convChannels,
        kernelSize,
        windowDays,
        dropout,
        learningRate,
        l2,
        maxEpochs,
        patience,
        batchSize,
        seed,
        inputs,
        ensembleSize);
  }

  public NetworkConfig withSeed(long newSeed) {
    return new NetworkConfig(
        architecture,
        target,
        hiddenUnits,
        convChannels,
        kernelSize,
        windowDays,
        dropout,
        learningRate,
        l2,
        maxEpochs,
        patience,
        batchSize,
        newSeed,
        inputs,
        ensembleSize);
  }

  public NetworkConfig withMaxEpochs(int epochs) {
    return new NetworkConfig(
        architecture,
        target,
        hiddenUnits,
        convChannels,
        kernelSize,
        windowDays,
        dropout,
        learningRate,
        l2,
        epochs,
        patience,
        batchSize,
        seed,
        inputs,
        ensembleSize);
  }

  public NetworkConfig withInputs(InputNormalisation newInputs) {
    return new NetworkConfig(
        architecture,
        target,
        hiddenUnits,
        convChannels,
        kernelSize,
        windowDays,
        dropout,
        learningRate,
        l2,
        maxEpochs,
        patience,
        batchSize,
        seed,
        newInputs,
        ensembleSize);
  }

  public NetworkConfig withEnsembleSize(int members) {
    return new NetworkConfig(
        architecture,
        target,
        hiddenUnits,
        convChannels,
        kernelSize,
        windowDays,
        dropout,
        learningRate,
        l2,
        maxEpochs,
        patience,
        batchSize,
        seed,
        inputs,
        members);
  }

  /**
   * What the outputs are, for scoring and storing predictions: the target's own units, or for an
   * ensemble (and a blend) a mean (a weighted sum) of per-date centred ranks, which is a rank score
   * whatever its members learned.
   */
  public Target scoredAs() {
    return ensembleSize > 1 || architecture == Architecture.BLEND ? Target.RANK : target;
  }

  /** The values under stable keys, for model_registry.hyper_parameters and the config hash. */
  public Map<String, Object> toMap() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("architecture", architecture.key());
    values.put("target", target.key());
    values.put("hidden_units", hiddenUnits);
    if (architecture.windowed()) {
      values.put("conv_channels", convChannels);
      values.put("kernel_size", kernelSize);
      values.put("window_days", windowDays);
    }
    values.put("dropout", dropout);
    values.put("learning_rate", learningRate);
    values.put("l2", l2);
    values.put("max_epochs", maxEpochs);
    values.put("patience", patience);
    values.put("batch_size", batchSize);
    values.put("seed", seed);
    // Only when set, so that the models trained before these existed keep their config hashes.
    if (inputs != InputNormalisation.NONE) {
      values.put("inputs", inputs.key());
    }
    if (ensembleSize > 1) {
      values.put("ensemble_size", ensembleSize);
    }
    return values;
  }

  /** The inverse of {@link #toMap()}, for a model read back from the registry. */
  @SuppressWarnings("unchecked")
  public static NetworkConfig fromMap(Map<String, Object> values) {
    Architecture architecture = Architecture.parse((String) values.get("architecture"));
    return new NetworkConfig(
        architecture,
        Target.parse((String) values.get("target")),
        (List<Integer>) values.get("hidden_units"),
        (List<Integer>) values.getOrDefault("conv_channels", List.of()),
        ((Number) values.getOrDefault("kernel_size", 0)).intValue(),
        ((Number) values.getOrDefault("window_days", 1)).intValue(),
        ((Number) values.get("dropout")).doubleValue(),
        ((Number) values.get("learning_rate")).doubleValue(),
        ((Number) values.get("l2")).doubleValue(),
        ((Number) values.get("max_epochs")).intValue(),
        ((Number) values.get("patience")).intValue(),
        ((Number) values.get("batch_size")).intValue(),
        ((Number) values.get("seed")).longValue(),
        InputNormalisation.parse((String) values.getOrDefault("inputs", "none")),
        ((Number) values.getOrDefault("ensemble_size", 1)).intValue());
  }

  private static void requirePositive(List<Integer> sizes, String flag) {
    for (Integer size : sizes) {
      require(size != null && size >= 1, flag + " sizes must be at least 1, were " + sizes);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new BadInputException(message);
    }
  }
}
