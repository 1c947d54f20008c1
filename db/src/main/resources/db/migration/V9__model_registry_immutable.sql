-- A registered model never changes, except its status: its bytes and provenance are what earlier
-- predictions were made with. Flyway owns this schema; never edit a landed migration.

-- A model is its configuration (config_hash: hyper-parameters, label, feature set, dates, symbols
-- asked for) and its weights (model_sha256). Retraining that gives the same weights is the same
-- row; other weights (other code, say) are a new row beside the old one. The name carries a prefix
-- of both hashes, so it stays unique and model_evaluation, keyed by name, keeps each model's own
-- rows. Rows registered before this migration were unique by name, hence by config_hash too.
ALTER TABLE model_registry
    ADD CONSTRAINT model_registry_config_and_weights_unique UNIQUE (config_hash, model_sha256);

-- Compares whole rows less the two status columns, so that a column added later is guarded too.
-- A deliberate repair needs ALTER TABLE model_registry DISABLE TRIGGER model_registry_immutable.
-- DELETE of a model that has predictions is refused by prediction's foreign key (no action).
CREATE FUNCTION model_registry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (to_jsonb(NEW) - 'status' - 'status_changed_at')
       IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'status_changed_at') THEN
        RAISE EXCEPTION 'model_registry row % (%) is immutable: only status and status_changed_at may change',
                        OLD.id, OLD.name
              USING ERRCODE = 'integrity_constraint_violation',
                    HINT = 'A retrained model is a new row; `stockpipe model retire ID` retires this one.';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER model_registry_immutable BEFORE UPDATE ON model_registry
    FOR EACH ROW EXECUTE FUNCTION model_registry_refuse_change();

COMMENT ON COLUMN model_registry.name IS '<architecture>-<label>-<train_to>-<10 hex of config_hash>-<8 hex of model_sha256> (rows before V9: without the last part). Unique; model_evaluation.model_name refers to it.';
COMMENT ON COLUMN model_registry.training_symbols IS 'The symbols the model learned from (training and validation rows, after any holdout), sorted. NULL only on rows trained before V9: every symbol of the feature set then, less the holdout.';
COMMENT ON COLUMN model_registry.walk_forward_run IS 'The walk-forward run that first registered this model; a run''s evaluation lists its folds'' model ids in model_evaluation.details.';
COMMENT ON TABLE model_registry IS 'Trained models with provenance, immutable but for status candidate -> active -> retired (stockpipe model promote|retire).';
