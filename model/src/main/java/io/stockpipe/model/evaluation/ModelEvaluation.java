package io.stockpipe.model.evaluation;

import io.stockpipe.errors.BadInputException;
import io.stockpipe.model.data.DateRange;
import io.stockpipe.model.data.Label;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One model's metrics on one train/test split, as stored in model_evaluation.
 *
 * @param modelName e.g. {@code linear_regression}; lower case, digits, {@code _ . -}
 * @param kind the model family
 * @param featureSetVersion the feature_set the model read
 * @param label what it predicted
 * @param training the dates it learned from (naive models: the dates it could have)
 * @param test the dates it was judged on, all after {@code training}
 * @param metrics values, null where undefined
 * @param details what the run chose and saw (hyper-parameters, validation window…); written as
 *     JSON, so values must be strings, numbers, booleans, lists or maps of those
 */
public record ModelEvaluation(
    String modelName,
    ModelKind kind,
    String featureSetVersion,
    Label label,
    DateRange training,
    DateRange test,
    Map<Metric, Double> metrics,
    Map<String, Object> details) {
  private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  public ModelEvaluation {
    if (modelName == null || !MODEL_NAME.matcher(modelName).matches()) {
      throw new BadInputException(
          "model name must be lower case letters, digits, _ . - but was '" + modelName + "'");
    }
    if (kind == null || label == null || featureSetVersion == null) {
      throw new BadInputException("model " + modelName + " needs a kind, a label, a feature set");
    }
    if (training == null || test == null || !training.to().isBefore(test.from())) {
      throw new BadInputException(
          "model "
              + modelName
              + " must be tested on dates after its training range, but trained on "
              + training
              + " and tested on "
              + test);
    }
    if (metrics == null || metrics.isEmpty()) {
      throw new BadInputException("model " + modelName + " has no metrics to store");
    }
    // Copies that keep order and allow null values, which Map.copyOf does not.
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    details =
        Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
  }
}
