package io.stockpipe.model.training;

import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.samples.FeatureHistory;
import io.stockpipe.model.samples.InputScaler;

/**
 * What the registry stores and prediction needs of a trained model, whatever it is made of: a
 * network or seed ensemble ({@link FittedNetwork}), or a blend of several kinds of model.
 */
public interface FittedModel {
  /** What built it: architecture, target, inputs and hyper-parameters. */
  NetworkConfig config();

  /** The input scaling fitted on its training rows, stored as model_registry.input_scaling. */
  InputScaler scaler();

  /**
   * One value per row, as {@link NetworkConfig#scoredAs()} says: a return, P(up), or a per-date
   * score. The history's inputs must be normalised as {@code config().inputs()} says.
   */
  double[] predict(FeatureHistory history, int[] rows);

  /**
   * model_registry.model_bytes: the same weights always give the same bytes, so that a retrained
   * model can be recognised by its SHA-256.
   */
  byte[] modelBytes();
}
