package io.stockpipe.model.registry;

import io.stockpipe.errors.PipelineException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.FeatureSetInfo;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.NetworkConfig;
import io.stockpipe.model.training.FittedModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A trained model about to be registered, with everything its provenance needs.
 *
 * @param fitted the network (or blend) and its scaling
 * @param label what it predicts
 * @param featureSet the feature set it read
 * @param training its training dates
 * @param validation its validation dates
 * @param scope the symbols it was asked to learn from (part of its config hash)
 * @param trainedSymbols the symbols it did learn from: those of its training and validation rows;
 *     stored sorted, so that {@code evaluate --symbols unseen} knows which it never saw
 * @param metrics validation metrics and training history, stored as JSON
 * @param walkForwardRun the walk-forward run it belongs to, or null
 * @param codeVersion git describe of the code that trained it ({@link CodeVersion#current()})
 */
public record NewModel(
    FittedModel fitted,
    Label label,
    FeatureSetInfo featureSet,
    DateRange training,
    DateRange validation,
    SymbolScope scope,
    List<String> trainedSymbols,
    Map<String, Object> metrics,
    String walkForwardRun,
    String codeVersion) {
  public NewModel {
    trainedSymbols = List.copyOf(new TreeSet<>(trainedSymbols)); // sorted, once each
    if (trainedSymbols.isEmpty()) {
      throw new IllegalArgumentException("a model learns from at least one symbol");
    }
  }

  /** The same model as a fold of walk-forward run {@code run}. */
  public NewModel inWalkForwardRun(String run) {
    return new NewModel(
        fitted,
        label,
        featureSet,
        training,
        validation,
        scope,
        trainedSymbols,
        metrics,
        run,
        codeVersion);
  }

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

  /**
   * {@code dense-next_return_1d-2016-12-30-3f9a0c21b7-5e1d04c2}: the config hash and then the
   * weights' SHA-256, so that a retraining with other weights (other code, say) has a name of its
   * own, and so its own rows in model_evaluation.
   */
  public String name(String modelSha256) {
    return fitted.config().architecture().key()
        + "-"
        + label.column()
        + "-"
        + training.to()
        + "-"
        + configHash().substring(0, 10)
        + "-"
        + modelSha256.substring(0, 8);
  }

  /** SHA-256 of the network's bytes as stored: what tells two trainings' weights apart. */
  public String networkSha256() {
    return sha256(fitted.modelBytes());
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new PipelineException("this JVM has no SHA-256", e);
    }
  }
}
