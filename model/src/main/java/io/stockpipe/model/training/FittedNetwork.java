package io.stockpipe.model.training;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.network.NativeThreads;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.BatchBuilder;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
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

  /** Any constant will do; a local time is stored as is, whatever the machine's time zone. */
  private static final LocalDateTime FIXED_ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  /**
   * One value per row: the predicted return (regression) or the probability that it is positive
   * (sign).
   */
  public double[] predict(FeatureHistory history, int[] rows) {
    try (NativeThreads threads = NativeThreads.forArchitecture(config.architecture())) {
      return outputs(history, rows);
    }
  }

  private double[] outputs(FeatureHistory history, int[] rows) {
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

  /**
   * The network as DL4J's ModelSerializer zip, without updater state (not needed to predict). The
   * zip entries' times are fixed, so that the same weights always give the same bytes and the same
   * model_sha256: a retrained model can then be recognised as identical.
   */
  public byte[] networkBytes() {
    try (ByteArrayOutputStream serialised = new ByteArrayOutputStream()) {
      ModelSerializer.writeModel(network, serialised, false);
      return withFixedEntryTimes(serialised.toByteArray());
    } catch (IOException e) {
      throw new PipelineException("could not serialise the network: " + e.getMessage(), e);
    }
  }

  private static byte[] withFixedEntryTimes(byte[] zip) throws IOException {
    ByteArrayOutputStream rewritten = new ByteArrayOutputStream(zip.length);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
        ZipOutputStream out = new ZipOutputStream(rewritten)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTimeLocal(FIXED_ENTRY_TIME);
        out.putNextEntry(copy);
        in.transferTo(out);
        out.closeEntry();
      }
    }
    return rewritten.toByteArray();
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
