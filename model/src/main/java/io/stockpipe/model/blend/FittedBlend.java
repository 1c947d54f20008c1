package io.stockpipe.model.blend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.baseline.FittedTrees;
import io.stockpipe.model.network.Architecture;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.registry.ReproducibleZip;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;
import io.stockpipe.model.samples.PerDateLabels;
import io.stockpipe.model.training.FittedModel;
import io.stockpipe.model.training.FittedNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trained blend: its score for a row is the weighted sum of its members' centred ranks among the
 * rows of the same date, so members that agree on the order but not on the scale count alike, and
 * the score lies in [-0.5, 0.5] like an ensemble's ({@link NetworkConfig#scoredAs()}).
 *
 * <p>Stored as a {@link ReproducibleZip} of {@value #DENSE}, {@value #CNN} (each a network's
 * ModelSerializer zip), {@value #TREES} (MLlib's save, made reproducible) and {@value #WEIGHTS}.
 * The bytes are made once, at construction. Immutable; predicting is as thread-safe as its
 * members'.
 */
public final class FittedBlend implements FittedModel {
  static final String DENSE = "dense.zip";
  static final String CNN = "cnn.zip";
  static final String TREES = "gbt.zip";
  static final String WEIGHTS = "weights.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final FittedNetwork dense;
  private final FittedNetwork cnn;
  private final FittedTrees trees;
  private final BlendWeights weights;
  private final NetworkConfig config;
  private final byte[] bytes;

  private FittedBlend(
      FittedNetwork dense,
      FittedNetwork cnn,
      FittedTrees trees,
      BlendWeights weights,
      NetworkConfig config,
      byte[] bytes) {
    if (config.architecture() != Architecture.BLEND
        || !dense.config().equals(config.member(Architecture.DENSE))
        || !cnn.config().equals(config.member(Architecture.CNN))) {
      throw new IllegalArgumentException("the members' configs are not the blend's " + config);
    }
    this.dense = dense;
    this.cnn = cnn;
    this.trees = trees;
    this.weights = weights;
    this.config = config;
    this.bytes = bytes;
  }

  /** A newly trained blend; the members share one input scaling (they share the rows). */
  public static FittedBlend of(
      FittedNetwork dense,
      FittedNetwork cnn,
      FittedTrees trees,
      BlendWeights weights,
      NetworkConfig config) {
    SortedMap<String, byte[]> entries = new TreeMap<>();
    entries.put(DENSE, dense.networkBytes());
    entries.put(CNN, cnn.networkBytes());
    entries.put(TREES, trees.bytes());
    try {
      entries.put(
          WEIGHTS, JSON.writeValueAsString(weights.toMap()).getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new PipelineException("cannot write the blend weights: " + e.getMessage(), e);
    }
    return new FittedBlend(dense, cnn, trees, weights, config, ReproducibleZip.write(entries));
  }

  /** A blend read back from model_registry. */
  public static FittedBlend fromBytes(byte[] bytes, InputScaler scaler, NetworkConfig config) {
    try {
      Map<String, byte[]> entries = ReproducibleZip.read(bytes);
      for (String name : new String[] {DENSE, CNN, TREES, WEIGHTS}) {
        if (!entries.containsKey(name)) {
          throw new IOException("no " + name + " among " + entries.keySet());
        }
      }
      return new FittedBlend(
          FittedNetwork.fromBytes(entries.get(DENSE), scaler, config.member(Architecture.DENSE)),
          FittedNetwork.fromBytes(entries.get(CNN), scaler, config.member(Architecture.CNN)),
          FittedTrees.fromBytes(entries.get(TREES)),
          BlendWeights.fromMap(JSON.readValue(entries.get(WEIGHTS), MAP)),
          config,
          bytes.clone());
    } catch (IOException e) {
      throw new PipelineException("could not read a stored blend: " + e.getMessage(), e);
    }
  }

  @Override
  public NetworkConfig config() {
    return config;
  }

  @Override
  public InputScaler scaler() {
    return dense.scaler();
  }

  public BlendWeights weights() {
    return weights;
  }

  /** The weighted sum of the members' per-date centred ranks. */
  @Override
  public double[] predict(FeatureHistory history, int[] rows) {
    Members ranks = memberRanks(history, rows);
    return weights.combine(ranks.dense(), ranks.cnn(), ranks.trees());
  }

  /** Each member's centred ranks per date of {@code rows}: what the weights are applied to. */
  Members memberRanks(FeatureHistory history, int[] rows) {
    return memberRanks(dense, cnn, trees, history, rows);
  }

  static Members memberRanks(
      FittedNetwork dense,
      FittedNetwork cnn,
      FittedTrees trees,
      FeatureHistory history,
      int[] rows) {
    return new Members(
        PerDateLabels.centredRanksByDate(history, rows, dense.predict(history, rows)),
        PerDateLabels.centredRanksByDate(history, rows, cnn.predict(history, rows)),
        PerDateLabels.centredRanksByDate(history, rows, trees.predict(history, rows)));
  }

  /** One value per row for each member. */
  record Members(double[] dense, double[] cnn, double[] trees) {}

  @Override
  public byte[] modelBytes() {
    return bytes.clone();
  }
}
