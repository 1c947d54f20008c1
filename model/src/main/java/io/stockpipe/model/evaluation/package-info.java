/**
 * How a model is judged, in plain Java so that every model family (naive, Spark MLlib, DL4J) is
 * scored by the same code: directional accuracy, daily IC and rank IC with t-stats, RMSE; and the
 * model_evaluation table they are stored in.
 */
package io.stockpipe.model.evaluation;
