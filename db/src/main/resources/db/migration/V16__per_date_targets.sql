-- Per-date targets (issue 19): a network may learn the label's rank or z-score within its date,
-- and an ensemble's score is a mean of per-date ranks. Flyway owns this schema; never edit a
-- migration that has landed.
ALTER TABLE model_registry DROP CONSTRAINT model_registry_target_check;
ALTER TABLE model_registry ADD CONSTRAINT model_registry_target_check
    CHECK (target IN ('regression', 'sign', 'rank', 'zscore'));
COMMENT ON COLUMN model_registry.target IS 'What the loss saw: regression (the label), sign (its direction), rank (its rank among the date''s symbols in [-0.5, 0.5]) or zscore (its z-score within the date). Every model is judged against the raw return.';

COMMENT ON COLUMN report.latest_predictions.predicted_return IS 'Predicted return from the as-of close to the target-date close: single regression models only; NULL for sign classifiers, per-date (rank, zscore) targets and ensembles, whose score is not a return.';
COMMENT ON COLUMN report.latest_predictions.score IS 'What the rank orders by: the predicted return, probability_up - 0.5, the predicted per-date rank or z-score, or an ensemble''s mean per-date rank in [-0.5, 0.5].';
COMMENT ON COLUMN report.prediction_history.score IS 'What the rank orders by: the predicted return, probability_up - 0.5, the predicted per-date rank or z-score, or an ensemble''s mean per-date rank in [-0.5, 0.5].';
COMMENT ON COLUMN report.prediction_history.predicted_return IS 'Predicted return: single regression models only; NULL for sign classifiers, per-date (rank, zscore) targets and ensembles.';
