-- How each model scored on dates it never saw. Flyway owns this schema; never edit a landed migration.
--
-- One row per (model, data range, metric) rather than one wide row per run: the DL4J models add
-- metrics without a migration, and analysts compare models with a plain WHERE metric = '...'.
-- No separate run table: a run is fully named by the unique key below, and what a run chose
-- (hyper-parameters, validation window, rows dropped) is small enough to repeat in details.
CREATE TABLE model_evaluation (
    id                   bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_name           text             NOT NULL CHECK (model_name ~ '^[a-z0-9][a-z0-9_.-]*$'),
    model_kind           text             NOT NULL CHECK (model_kind IN ('naive', 'mllib', 'dl4j')),
    feature_set_version  text             NOT NULL,
    label                text             NOT NULL
                         CHECK (label IN ('next_return_1d', 'forward_return_5d')),
    train_from           date             NOT NULL,
    train_to             date             NOT NULL,
    test_from            date             NOT NULL,
    test_to              date             NOT NULL,
    metric               text             NOT NULL CHECK (metric ~ '^[a-z0-9_]+$'),
    value                double precision
                         CHECK (value IS NULL OR value NOT IN ('NaN', 'Infinity', '-Infinity')),
    details              jsonb            NOT NULL DEFAULT '{}'::jsonb,
    evaluated_at         timestamptz      NOT NULL DEFAULT now(),
    -- A model is judged only on dates after everything it trained on.
    CHECK (train_from <= train_to AND train_to < test_from AND test_from <= test_to),
    UNIQUE (model_name, feature_set_version, label, train_from, train_to, test_from, test_to, metric)
);
COMMENT ON TABLE model_evaluation IS 'Out-of-sample metrics per model, feature set, label and train/test range; a rerun replaces its rows.';
COMMENT ON COLUMN model_evaluation.value IS 'NULL where the metric is undefined, e.g. the IC of a model that predicts a constant.';
COMMENT ON COLUMN model_evaluation.details IS 'What the run chose and saw: hyper-parameters, validation window, rows dropped, elapsed time.';
