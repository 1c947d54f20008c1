package io.stockpipe.model.training;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.network.NativeThreads;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.network.Target;
import io.stockpipe.model.samples.BatchBuilder;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;
import io.stockpipe.model.samples.PerDateLabels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained network, or an ensemble of them, with the scaling it was trained with: everything
 * prediction needs. An ensemble's output is the mean over its members of each member's centred rank
 * among the rows of the same date ({@link NetworkConfig#scoredAs()}): members that agree on the
 * order but not on the scale then count alike.
 *
 * @param members the DL4J networks, weights of each one's best validation epoch; one unless an
 *     ensemble
 * @param scaler fitted on the training rows (the same for every member: they share the rows)
 * @param config what built and trained it
 */
public record FittedNetwork(
    List<MultiLayerNetwork> members, InputScaler scaler, NetworkConfig config)
    implements FittedModel {
  private static final int INFERENCE_BATCH = 4096;
  private static final String MEMBER_ENTRY = "member-%d.zip";

  public FittedNetwork {
    members = List.copyOf(members);
    if (members.size() != config.ensembleSize()) {
      throw new IllegalArgumentException(
          members.size() + " networks for an ensemble of " + config.ensembleSize());
    }
  }

  public FittedNetwork(MultiLayerNetwork network, InputScaler scaler, NetworkConfig config) {
    this(List.of(network), scaler, config);
  }

  /** The first (for a single network: the only) member. */
  public MultiLayerNetwork network() {
    return members.get(0);
  }

  /**
   * A history whose inputs are normalised as {@code config} wants; a mismatch is a bug in the
   * caller, which must normalise with {@link io.stockpipe.model.samples.PerDateInputs#normalise}
   * right after reading.
   */
  static void requireInputs(NetworkConfig config, FeatureHistory history) {
    if (history.inputs() != config.inputs()) {
      throw new IllegalStateException(
          "the network wants inputs "
              + config.inputs().key()
              + " but the history holds "
              + history.inputs().key());
    }
  }

  /** Any constant will do; a local time is stored as is, whatever the machine's time zone. */
  private static final LocalDateTime FIXED_ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  /**
   * One value per row: the predicted return (regression), the probability that it is positive
   * (sign), the predicted per-date rank or z-score, or an ensemble's mean centred rank.
   */
  @Override
  public double[] predict(FeatureHistory history, int[] rows) {
    requireInputs(config, history);
    try (NativeThreads threads = NativeThreads.forArchitecture(config.architecture())) {
      return outputs(history, rows);
    }
  }

  double[] outputs(FeatureHistory history, int[] rows) {
    if (members.size() == 1) {
      return outputs(members.get(0), history, rows);
    }
    double[] mean = new double[rows.length];
    for (MultiLayerNetwork member : members) {
      double[] ranks =
          PerDateLabels.centredRanksByDate(history, rows, outputs(member, history, rows));
      for (int i = 0; i < rows.length; i++) {
        mean[i] += ranks[i] / members.size();
      }
    }
    return mean;
  }

  private double[] outputs(MultiLayerNetwork network, FeatureHistory history, int[] rows) {
    BatchBuilder batches = new BatchBuilder(history, scaler, config.windowDays(), config.target());
    double[] predictions = new double[rows.length];
    for (int from = 0; from < rows.length; from += INFERENCE_BATCH) {
      int count = Math.min(INFERENCE_BATCH, rows.length - from);
      INDArray output = network.output(batches.features(rows, from, count), false);
      for (int sample = 0; sample < count; sample++) {
        predictions[from + sample] =
            config.target() == Target.SIGN
                ? output.getDouble(sample, 1)
                : scaler.unscaleLabel(output.getDouble(sample, 0));
      }
    }
    return predictions;
  }

  /**
   * The network as DL4J's ModelSerializer zip, without updater state (not needed to predict); an
   * ensemble as a zip of its members' zips, in seed order. The zip entries' times are fixed, so
   * that the same weights always give the same bytes and the same model_sha256: a retrained model
   * can then be recognised as identical.
   */
  @Override
  public byte[] modelBytes() {
    return networkBytes();
  }

  public byte[] networkBytes() {
    try {
      if (members.size() == 1) {
        return serialise(members.get(0));
      }
      ByteArrayOutputStream bundle = new ByteArrayOutputStream();
      try (ZipOutputStream out = new ZipOutputStream(bundle)) {
        for (int i = 0; i < members.size(); i++) {
          ZipEntry entry = new ZipEntry(String.format(Locale.ROOT, MEMBER_ENTRY, i));
          entry.setTimeLocal(FIXED_ENTRY_TIME);
          out.putNextEntry(entry);
          out.write(serialise(members.get(i)));
          out.closeEntry();
        }
      }
      return bundle.toByteArray();
    } catch (IOException e) {
      throw new PipelineException("could not serialise the network: " + e.getMessage(), e);
    }
  }

  private static byte[] serialise(MultiLayerNetwork network) throws IOException {
    try (ByteArrayOutputStream serialised = new ByteArrayOutputStream()) {
      ModelSerializer.writeModel(network, serialised, false);
      return withFixedEntryTimes(serialised.toByteArray());
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
      if (config.ensembleSize() == 1) {
        return new FittedNetwork(restore(networkBytes), scaler, config);
      }
      List<MultiLayerNetwork> members = new ArrayList<>();
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(networkBytes))) {
        for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          if (!entry.getName().equals(String.format(Locale.ROOT, MEMBER_ENTRY, members.size()))) {
            throw new IOException("unexpected ensemble entry " + entry.getName());
          }
          members.add(restore(in.readAllBytes()));
        }
      }
      return new FittedNetwork(members, scaler, config);
    } catch (IOException | IllegalArgumentException e) {
      throw new PipelineException("could not read a stored network: " + e.getMessage(), e);
    }
  }

  private static MultiLayerNetwork restore(byte[] bytes) throws IOException {
    return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
  }
}
