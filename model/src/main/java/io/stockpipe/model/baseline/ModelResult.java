package io.stockpipe.model.baseline;

import io.stockpipe.model.evaluation.EvaluationMetrics;
import io.stockpipe.model.evaluation.ModelKind;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One baseline's outcome.
 *
 * @param modelName as stored in model_evaluation.model_name
 * @param kind naive or mllib
 * @param metrics its score on the test range
 * @param hyperParameters the values chosen on the validation window; empty for naive rules
 * @param details everything stored in model_evaluation.details
 * @param elapsed tuning, refitting and scoring
 */
public record ModelResult(
    String modelName,
    ModelKind kind,
    EvaluationMetrics metrics,
    Map<String, Object> hyperParameters,
    Map<String, Object> details,
    Duration elapsed) {
  public ModelResult {
    hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }
}
