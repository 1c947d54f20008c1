package io.stockpipe.model.prediction;

import java.time.LocalDate;

/**
 * One row of the prediction table.
 *
 * @param modelId the model_registry id that made it
 * @param symbol the ticker
 * @param asOfDate the last date of data used
 * @param targetDate when the predicted return is realised
 * @param predictedReturn regression models' prediction; null for sign classifiers
 * @param direction -1, 0 or 1
 * @param probabilityUp sign classifiers' P(return > 0); null for regression
 * @param score what the rank orders by
 * @param rank 1 = highest score that date
 * @param symbolsRanked how many symbols were ranked that date
 */
public record PredictionRow(
    long modelId,
    String symbol,
    LocalDate asOfDate,
    LocalDate targetDate,
    Double predictedReturn,
    int direction,
    Double probabilityUp,
    double score,
    int rank,
    int symbolsRanked) {}
