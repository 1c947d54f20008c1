-- Blends (issue 19): `train --model blend` registers a dense network, a CNN and MLlib
-- gradient-boosted trees, weighted on their validation rank IC, as one model. Flyway owns this
-- schema; never edit a migration that has landed.
ALTER TABLE model_registry DROP CONSTRAINT model_registry_architecture_check;
ALTER TABLE model_registry ADD CONSTRAINT model_registry_architecture_check
    CHECK (architecture IN ('dense', 'cnn', 'blend'));
COMMENT ON COLUMN model_registry.architecture IS 'dense, cnn, or blend: a dense network, a CNN and MLlib gradient-boosted trees whose per-date ranks are weighted as chosen on the validation dates (metrics.members, metrics.blend_weights).';
COMMENT ON COLUMN model_registry.model_bytes IS 'Deeplearning4j ModelSerializer zip of the network (without updater state); a seed ensemble: a zip of its members'' zips; a blend: a zip of dense.zip, cnn.zip, gbt.zip (MLlib''s save with times and uids made constant) and weights.json.';
COMMENT ON COLUMN report.models.architecture IS 'dense, cnn or blend.';
COMMENT ON COLUMN prediction.predicted_return IS 'Single regression networks: the predicted return. NULL for sign classifiers (which give probability_up), per-date targets, ensembles and blends, whose score is not a return.';
