package io.stockpipe.model.registry;

import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import io.stockpipe.model.data.SymbolScope;
import io.stockpipe.model.network.NetworkConfig;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A model_registry row without its bytes.
 *
 * @param id registry id, what {@code --model} takes
 * @param name architecture, label, end of training, config hash and weights' hash
 * @param config architecture, target and hyper-parameters
 * @param label what it predicts
 * @param training the dates it learned from
 * @param validation the later dates early stopping watched
 * @param scope the symbols it learned from (an empty list only on rows registered before V9: every
 *     symbol of the feature set then), less its holdout
 * @param featureSetVersion the feature set it reads
 * @param featureSetHash that set's registry hash
 * @param configHash SHA-256 of config, label, feature set and date ranges
 * @param codeVersion git describe of the code that trained it
 * @param metrics validation metrics and training history
 * @param modelSha256 SHA-256 of the stored network bytes
 * @param walkForwardRun the walk-forward run it is a fold of, or null
 * @param status candidate, active or retired
 * @param createdAt when it was registered
 */
public record RegisteredModel(
    long id,
    String name,
    NetworkConfig config,
    Label label,
    DateRange training,
    DateRange validation,
    SymbolScope scope,
    String featureSetVersion,
    String featureSetHash,
    String configHash,
    String codeVersion,
    Map<String, Object> metrics,
    String modelSha256,
    String walkForwardRun,
    ModelStatus status,
    OffsetDateTime createdAt) {}
