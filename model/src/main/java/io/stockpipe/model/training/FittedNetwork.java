package io.stockpipe.model.training;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.BatchBuilder;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained network with the scaling it was trained with: everything prediction needs.
 *
 * @param network the DL4J network, weights of the best validation epoch
 * @param scaler fitted on the training rows
 * @param config what built and trained it
 */
public record FittedNetwork(MultiLayerNetwork network, InputScaler scaler, NetworkConfig config) {
  private static final int INFERENCE_BATCH = 4096;

  /**
   * One value per row: the predicted return (regression) or the probability that it is positive
   * (sign).
   */
  public double[] predict(FeatureHistory history, int[] rows) {
    BatchBuilder batches = new BatchBuilder(history, scaler, config.windowDays(), config.target());
    double[] predictions = new double[rows.length];
    for (int from = 0; from < rows.length; from += INFERENCE_BATCH) {
      int count = Math.min(INFERENCE_BATCH, rows.length - from);
      INDArray output = network.output(batches.features(rows, from, count), false);
      for (int sample = 0; sample < count; sample++) {
        predictions[from + sample] =
            config.target() == Target.REGRESSION
                ? scaler.unscaleLabel(output.getDouble(sample, 0))
                : output.getDouble(sample, 1);
      }
    }
    return predictions;
  }

  /** The network as DL4J's ModelSerializer zip, without updater state (not needed to predict). */
  public byte[] networkBytes() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      ModelSerializer.writeModel(network, bytes, false);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new PipelineException("could not serialise the network: " + e.getMessage(), e);
    }
  }

  public static FittedNetwork fromBytes(
      byte[] networkBytes, InputScaler scaler, NetworkConfig config) {
    try {
      MultiLayerNetwork network =
          ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(networkBytes), false);
      return new FittedNetwork(network, scaler, config);
    } catch (IOException e) {
      throw new PipelineException("could not read a stored network: " + e.getMessage(), e);
    }
  }
}
