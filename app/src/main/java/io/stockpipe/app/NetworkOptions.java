package io.stockpipe.app;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.InputNormalisation;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Target;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A network's hyper-parameters as flags; each one left out keeps the architecture's default ({@link
 * NetworkConfig#defaults}). For a blend they are its dense and its CNN member's alike.
 */
public final class NetworkOptions {
  @Option(
      names = "--target",
      paramLabel = "regression|sign|rank|zscore",
      description =
          "what the loss sees: the label (regression, the default), its sign, its rank among the"
              + " date's symbols in [-0.5, 0.5], or its z-score within the date; every model is"
              + " still judged against the raw return")
  String target;

  @Option(
      names = "--inputs",
      paramLabel = "none|rank|robust",
      description =
          "normalise every feature across the symbols of its date first: rank in [-0.5, 0.5], or"
              + " robust z-score (median/MAD, clipped to ±3); missing values become 0 (default"
              + " none)")
  String inputs;

  @Option(
      names = "--ensemble",
      paramLabel = "N",
      description =
          "train N networks with seeds seed..seed+N-1 and average their per-date ranks; one"
              + " registry row (default 1)")
  Integer ensemble;

  @Option(
      names = "--hidden",
      split = ",",
      paramLabel = "N,N",
      description =
          "dense layer sizes (CNN: after global pooling); dense 64,32, cnn 16, blend 64,32 for"
              + " both its networks")
  List<Integer> hiddenUnits;

  @Option(
      names = "--conv-channels",
      split = ",",
      paramLabel = "N,N",
      description = "CNN: channels of each Convolution1D layer (default 32,32)")
  List<Integer> convChannels;

  @Option(
      names = "--kernel-size",
      paramLabel = "DAYS",
      description = "CNN: days each convolution spans (default 3)")
  Integer kernelSize;

  @Option(
      names = "--window-days",
      paramLabel = "DAYS",
      description = "CNN: days of features per sample (default 20)")
  Integer windowDays;

  @Option(names = "--dropout", description = "probability of dropping a hidden unit (default 0.1)")
  Double dropout;

  @Option(names = "--learning-rate", description = "Adam step size (default 0.001)")
  Double learningRate;

  @Option(names = "--l2", description = "weight decay (default 0.0001)")
  Double l2;

  @Option(names = "--epochs", description = "epochs at most; early stopping ends sooner (20)")
  Integer maxEpochs;

  @Option(
      names = "--patience",
      description = "epochs without a better validation rank IC before stopping (default 3)")
  Integer patience;

  @Option(names = "--batch-size", description = "samples per gradient step (default 256)")
  Integer batchSize;

  @Option(names = "--seed", description = "weights, dropout and sample order (default 42)")
  Long seed;

  NetworkConfig config(Architecture architecture) {
    if (!architecture.windowed()
        && (convChannels != null || kernelSize != null || windowDays != null)) {
      throw new BadInputException(
          "--conv-channels, --kernel-size and --window-days are for --model cnn (or blend) only");
    }
    NetworkConfig defaults = NetworkConfig.defaults(architecture);
    return new NetworkConfig(
        architecture,
        target == null ? defaults.target() : Target.parse(target),
        or(hiddenUnits, defaults.hiddenUnits()),
        or(convChannels, defaults.convChannels()),
        or(kernelSize, defaults.kernelSize()),
        or(windowDays, defaults.windowDays()),
        or(dropout, defaults.dropout()),
        or(learningRate, defaults.learningRate()),
        or(l2, defaults.l2()),
        or(maxEpochs, defaults.maxEpochs()),
        or(patience, defaults.patience()),
        or(batchSize, defaults.batchSize()),
        or(seed, defaults.seed()),
        inputs == null ? defaults.inputs() : InputNormalisation.parse(inputs),
        or(ensemble, defaults.ensembleSize()));
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
