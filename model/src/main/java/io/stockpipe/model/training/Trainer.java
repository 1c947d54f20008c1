package io.stockpipe.model.training;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.evaluation.PredictionMetrics;
import io.stockpipe.model.network.NativeThreads;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Networks;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.prediction.Predictions;
import io.stockpipe.model.samples.BatchBuilder;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;
import io.stockpipe.model.samples.PerDateLabels;
import io.stockpipe.progress.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a network with early stopping: after every epoch the rank IC on the validation rows (dates
 * after every training date) against their raw labels decides whether the weights are the best so
 * far, since ranking the symbols of a date is what the model is for; training stops after {@code
 * patience} epochs without a better one and keeps the best weights. The validation loss is reported
 * beside it. An ensemble trains its members one after another, each with its own seed and its own
 * early stopping.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final int VALIDATION_BATCH = 4096;

  private Trainer() {}

  /**
   * The outcome of training.
   *
   * @param fitted the network (or ensemble) with its best weights
   * @param epochs every epoch run (of the first member, for an ensemble)
   * @param bestEpoch the epoch whose weights were kept (of the first member)
   * @param members per member: seed, best epoch, epochs run, its validation loss and rank IC
   * @param validationRankIc mean daily rank IC of {@code fitted} on the validation rows, NaN when
   *     no date had one
   */
  public record Outcome(
      FittedNetwork fitted,
      List<EpochStats> epochs,
      int bestEpoch,
      List<Map<String, Object>> members,
      double validationRankIc) {
    public Outcome {
      epochs = List.copyOf(epochs);
      members = List.copyOf(members);
    }

    public double bestValidationLoss() {
      return epochs.get(bestEpoch - 1).validationLoss();
    }

    /** The same outcome without its network, to keep the numbers and free the weights. */
    Outcome withoutNetwork() {
      return new Outcome(null, epochs, bestEpoch, members, validationRankIc);
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
    FittedNetwork.requireInputs(config, history);
    try (NativeThreads threads = NativeThreads.forArchitecture(config.architecture())) {
      FeatureHistory learned =
          learnedLabels(config.target(), history, trainingRows, validationRows);
      InputScaler scaler =
          InputScaler.fit(learned, trainingRows, config.target() == Target.REGRESSION);
      List<MultiLayerNetwork> networks = new ArrayList<>();
      List<Map<String, Object>> members = new ArrayList<>();
      List<EpochStats> firstEpochs = null;
      int firstBest = 0;
      for (int member = 0; member < config.ensembleSize(); member++) {
        NetworkConfig single = config.withEnsembleSize(1).withSeed(config.seed() + member);
        if (config.ensembleSize() > 1) {
          progress.detail("member " + (member + 1) + "/" + config.ensembleSize());
        }
        Member fitted =
            fit(single, history, learned, scaler, trainingRows, validationRows, progress);
        networks.add(fitted.network());
        if (member == 0) {
          firstEpochs = fitted.epochs();
          firstBest = fitted.bestEpoch();
        }
        EpochStats best = fitted.epochs().get(fitted.bestEpoch() - 1);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("seed", single.seed());
        summary.put("best_epoch", fitted.bestEpoch());
        summary.put("epochs_run", fitted.epochs().size());
        summary.put("validation_loss", best.validationLoss());
        summary.put("validation_rank_ic", finiteOrNull(best.validationRankIc()));
        members.add(summary);
      }
      FittedNetwork ensemble = new FittedNetwork(networks, scaler, config);
      double rankIc =
          config.ensembleSize() == 1
              ? firstEpochs.get(firstBest - 1).validationRankIc()
              : rankIc(
                  config.target(),
                  history,
                  validationRows,
                  ensemble.outputs(history, validationRows));
      return new Outcome(ensemble, firstEpochs, firstBest, members, rankIc);
    }
  }

  /**
   * The history whose labels the loss sees: the raw one, or with the per-date target of the
   * training and of the validation rows (on dates of their own, so one pass does both).
   */
  static FeatureHistory learnedLabels(
      Target target, FeatureHistory history, int[] trainingRows, int[] validationRows) {
    if (!target.perDate()) {
      return history;
    }
    int[] rows = new int[trainingRows.length + validationRows.length];
    System.arraycopy(trainingRows, 0, rows, 0, trainingRows.length);
    System.arraycopy(validationRows, 0, rows, trainingRows.length, validationRows.length);
    return history.withLabels(PerDateLabels.transform(target, history, rows));
  }

  private record Member(MultiLayerNetwork network, List<EpochStats> epochs, int bestEpoch) {}

  private static Member fit(
      NetworkConfig config,
      FeatureHistory history,
      FeatureHistory learned,
      InputScaler scaler,
      int[] trainingRows,
      int[] validationRows,
      Progress progress) {
    MultiLayerNetwork network = Networks.build(config, history.featureCount());
    BatchBuilder batches = new BatchBuilder(learned, scaler, config.windowDays(), config.target());

    int[] order = trainingRows.clone();
    Random random = new Random(config.seed());
    List<EpochStats> epochs = new ArrayList<>();
    INDArray bestParameters = null;
    int bestEpoch = 0;
    double bestRankIc = Double.NEGATIVE_INFINITY;
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
      double[] outputs = new double[validationRows.length];
      double validationLoss = loss(network, config.target(), batches, validationRows, outputs);
      double validationRankIc = rankIc(config.target(), history, validationRows, outputs);
      EpochStats stats =
          new EpochStats(
              epoch,
              lossSum / order.length,
              validationLoss,
              validationRankIc,
              order.length / seconds);
      epochs.add(stats);
      // NaN (no date with a rank IC) never wins; the first epoch is kept if none is better.
      if (bestParameters == null || validationRankIc > bestRankIc) {
        bestRankIc = Double.isNaN(validationRankIc) ? Double.NEGATIVE_INFINITY : validationRankIc;
        bestEpoch = epoch;
        bestParameters = network.params().dup();
      }
      String line =
          String.format(
              Locale.ROOT,
              "loss %.4f  val %.4f  val rank IC %.4f  best epoch %d",
              stats.trainingLoss(),
              validationLoss,
              validationRankIc,
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
    return new Member(network, epochs, bestEpoch);
  }

  /** Mean daily rank IC of {@code outputs} against the raw labels of {@code rows}; NaN if none. */
  static double rankIc(Target target, FeatureHistory history, int[] rows, double[] outputs) {
    Double mean =
        PredictionMetrics.evaluate(Predictions.scored(target, history, rows, outputs))
            .rankIc()
            .mean();
    return mean == null ? Double.NaN : mean;
  }

  static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /**
   * Mean loss on {@code rows} without weight decay, as {@link #loss(MultiLayerNetwork, Target,
   * BatchBuilder, int[], double[])}.
   */
  public static double loss(
      MultiLayerNetwork network, Target target, BatchBuilder batches, int[] rows) {
    return loss(network, target, batches, rows, new double[rows.length]);
  }

  /**
   * Mean loss on {@code rows} without weight decay: squared error in scaled units, or the
   * cross-entropy of the true class. Built batch by batch: a CNN's validation windows would not fit
   * in memory at once. Fills {@code outputs} with the network's scores (the scaled prediction, or
   * P(up)), which rank as the model's predictions do.
   */
  static double loss(
      MultiLayerNetwork network,
      Target target,
      BatchBuilder batches,
      int[] rows,
      double[] outputs) {
    double sum = 0;
    for (int from = 0; from < rows.length; from += VALIDATION_BATCH) {
      int count = Math.min(VALIDATION_BATCH, rows.length - from);
      INDArray output = network.output(batches.features(rows, from, count), false);
      INDArray labels = batches.labels(rows, from, count);
      for (int sample = 0; sample < count; sample++) {
        if (target == Target.SIGN) {
          int truth = labels.getDouble(sample, 1) > 0.5 ? 1 : 0;
          sum -= Math.log(Math.max(1e-12, output.getDouble(sample, truth)));
          outputs[from + sample] = output.getDouble(sample, 1);
        } else {
          double error = output.getDouble(sample, 0) - labels.getDouble(sample, 0);
          sum += error * error;
          outputs[from + sample] = output.getDouble(sample, 0);
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
