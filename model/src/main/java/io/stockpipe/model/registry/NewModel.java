package io.stockpipe.model.registry;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.training.FittedNetwork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained network about to be registered, with everything its provenance needs.
 *
 * @param fitted the network and its scaling
 * @param label what it predicts
 * @param featureSet the feature set it read
 * @param training its training dates
 * @param validation its validation dates
 * @param scope the symbols it learned from
 * @param metrics validation metrics and training history, stored as JSON
 * @param walkForwardRun the walk-forward run it belongs to, or null
 */
public record NewModel(
    FittedNetwork fitted,
    Label label,
    FeatureSetInfo featureSet,
    DateRange training,
    DateRange validation,
    SymbolScope scope,
    Map<String, Object> metrics,
    String walkForwardRun) {

  /**
   * SHA-256 over what decides the weights: hyper-parameters, label, feature set and hash, the date
   * ranges and the symbols. Two runs with the same hash on the same code give the same model on
   * CPU.
   */
  public String configHash() {
    return configHash(fitted.config(), label, featureSet, training, validation, scope);
  }

  public static String configHash(
      NetworkConfig config,
      Label label,
      FeatureSetInfo featureSet,
      DateRange training,
      DateRange validation,
      SymbolScope scope) {
    Map<String, Object> identity = new LinkedHashMap<>(config.toMap());
    identity.put("label", label.column());
    identity.put("feature_set_version", featureSet.version());
    identity.put("feature_set_hash", featureSet.registryHash());
    identity.put("training", training.toString());
    identity.put("validation", validation.toString());
    if (scope.isPartial()) {
      // Only then, so that a model of every symbol keeps the hash it had before scopes existed.
      identity.put("symbols", scope.symbols());
      identity.put("symbol_holdout_percent", scope.holdoutPercent());
    }
    return sha256(identity.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code dense-next_return_1d-2016-12-30-3f9a0c21b7} */
  public String name() {
    return fitted.config().architecture().key()
        + "-"
        + label.column()
        + "-"
        + training.to()
        + "-"
        + configHash().substring(0, 10);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new PipelineException("this JVM has no SHA-256", e);
    }
  }
}
