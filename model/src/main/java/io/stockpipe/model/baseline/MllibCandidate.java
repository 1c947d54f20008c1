package io.stockpipe.model.baseline;

import io.stockpipe.model.data.DataPreparation;
import io.stockpipe.model.evaluation.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One point of a hyper-parameter grid: an unfitted MLlib pipeline and the values that define it.
 *
 * @param modelName the model it is a candidate for
 * @param hyperParameters the values, as recorded in model_evaluation.details
 * @param pipeline reads {@link DataPreparation#FEATURE_VECTOR}, writes {@code prediction}
 */
record MllibCandidate(String modelName, Map<String, Object> hyperParameters, Pipeline pipeline) {
  MllibCandidate {
    hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
  }

  PipelineModel fit(Dataset<Row> rows) {
    return pipeline.fit(rows);
  }

  /** Predictions of a fitted model, collected to the driver for {@code PredictionMetrics}. */
  static List<Prediction> predict(PipelineModel model, Dataset<Row> rows) {
    List<Row> scored =
        model
            .transform(rows)
            .select(
                DataPreparation.SYMBOL,
                DataPreparation.TRADE_DATE,
                "prediction",
                DataPreparation.LABEL)
            .collectAsList();
    List<Prediction> predictions = new ArrayList<>(scored.size());
    for (Row row : scored) {
      predictions.add(
          new Prediction(
              row.getString(0), row.getDate(1).toLocalDate(), row.getDouble(2), row.getDouble(3)));
    }
    return predictions;
  }
}
