-- Which symbols a model learned from, so that it can be judged on symbols it never saw. Flyway owns
-- this schema; never edit a landed migration.
ALTER TABLE model_registry
    ADD COLUMN training_symbols       text[],
    ADD COLUMN symbol_holdout_percent smallint NOT NULL DEFAULT 0
               CHECK (symbol_holdout_percent BETWEEN 0 AND 90);
COMMENT ON COLUMN model_registry.training_symbols IS 'The --symbols the model was limited to; NULL = every symbol of the feature set.';
COMMENT ON COLUMN model_registry.symbol_holdout_percent IS 'Symbols left out of training by a fixed hash of the ticker (crc32 % 100 < percent): `stockpipe evaluate --symbols unseen` judges the model on exactly those.';
