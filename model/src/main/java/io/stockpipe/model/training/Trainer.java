package io.stockpipe.model.training;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.network.NativeThreads;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Networks;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.BatchBuilder;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;
import io.stockpipe.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a network with early stopping: after every epoch the loss on the validation rows (dates
 * after every training date) decides whether the weights are the best so far; training stops after
 * {@code patience} epochs without improvement and keeps the best weights.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final int VALIDATION_BATCH = 4096;

  private Trainer() {}

  /**
   * The outcome of training.
   *
   * @param fitted the network with its best weights
   * @param epochs every epoch run
   * @param bestEpoch the epoch whose weights were kept
   */
  public record Outcome(FittedNetwork fitted, List<EpochStats> epochs, int bestEpoch) {
    public double bestValidationLoss() {
      return epochs.get(bestEpoch - 1).validationLoss();
    }
  }

  public static Outcome train(
      NetworkConfig config,
      FeatureHistory history,
      int[] trainingRows,
      int[] validationRows,
      Progress progress) {
    if (trainingRows.length == 0 || validationRows.length == 0) {
      throw new BadInputException(
          "nothing to train on: "
              + trainingRows.length
              + " training and "
              + validationRows.length
              + " validation samples; widen the date range or check feature_row");
    }
    try (NativeThreads threads = NativeThreads.forArchitecture(config.architecture())) {
      return fit(config, history, trainingRows, validationRows, progress);
    }
  }

  private static Outcome fit(
      NetworkConfig config,
      FeatureHistory history,
      int[] trainingRows,
      int[] validationRows,
      Progress progress) {
    InputScaler scaler =
        InputScaler.fit(history, trainingRows, config.target() == Target.REGRESSION);
    MultiLayerNetwork network = Networks.build(config, history.featureCount());
    BatchBuilder batches = new BatchBuilder(history, scaler, config.windowDays(), config.target());

    int[] order = trainingRows.clone();
    Random random = new Random(config.seed());
    List<EpochStats> epochs = new ArrayList<>();
    INDArray bestParameters = null;
    int bestEpoch = 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
      shuffle(order, random);
      long start = System.nanoTime();
      double lossSum = 0;
      for (int from = 0; from < order.length; from += config.batchSize()) {
        int count = Math.min(config.batchSize(), order.length - from);
        network.fit(batches.features(order, from, count), batches.labels(order, from, count));
        lossSum += network.score() * count;
        progress.advance(0, count);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double validationLoss = loss(network, config.target(), batches, validationRows);
      EpochStats stats =
          new EpochStats(epoch, lossSum / order.length, validationLoss, order.length / seconds);
      epochs.add(stats);
      if (validationLoss < bestLoss) {
        bestLoss = validationLoss;
        bestEpoch = epoch;
        bestParameters = network.params().dup();
      }
      String line =
          String.format(
              Locale.ROOT,
              "loss %.4f  val %.4f  best epoch %d",
              stats.trainingLoss(),
              validationLoss,
              bestEpoch);
      progress.detail(line);
      progress.advance(1, 0);
      LOG.info("epoch {}: {}, {} samples/s", epoch, line, Math.round(stats.samplesPerSecond()));
      if (epoch - bestEpoch >= config.patience()) {
        progress.total(epoch);
        break;
      }
    }
    network.setParams(bestParameters);
    return new Outcome(new FittedNetwork(network, scaler, config), epochs, bestEpoch);
  }

  /**
   * Mean loss on {@code rows} without weight decay: squared error in scaled units, or the
   * cross-entropy of the true class. Built batch by batch: a CNN's validation windows would not fit
   * in memory at once.
   */
  public static double loss(
      MultiLayerNetwork network, Target target, BatchBuilder batches, int[] rows) {
    double sum = 0;
    for (int from = 0; from < rows.length; from += VALIDATION_BATCH) {
      int count = Math.min(VALIDATION_BATCH, rows.length - from);
      INDArray output = network.output(batches.features(rows, from, count), false);
      INDArray labels = batches.labels(rows, from, count);
      for (int sample = 0; sample < count; sample++) {
        if (target == Target.REGRESSION) {
          double error = output.getDouble(sample, 0) - labels.getDouble(sample, 0);
          sum += error * error;
        } else {
          int truth = labels.getDouble(sample, 1) > 0.5 ? 1 : 0;
          sum -= Math.log(Math.max(1e-12, output.getDouble(sample, truth)));
        }
      }
    }
    return sum / rows.length;
  }

  private static void shuffle(int[] values, Random random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}
