-- Trained Deeplearning4j models and what they predicted. Flyway owns this schema; never edit a
-- landed migration.

-- Every model with what it takes to trace and reload it: the serialised network itself (so any node
-- can load it without a shared disk), its input scaling, its data and its code.
CREATE TABLE model_registry (
    id                   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- <architecture>-<label>-<train_to>-<first 10 hex of config_hash>: retraining the same
    -- config on the same data replaces the row (same id, same status) instead of adding one.
    name                 text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_.-]*$'),
    architecture         text        NOT NULL CHECK (architecture IN ('dense', 'cnn')),
    target               text        NOT NULL CHECK (target IN ('regression', 'sign')),
    label                text        NOT NULL CHECK (label IN ('next_return_1d', 'forward_return_5d')),
    hyper_parameters     jsonb       NOT NULL,
    train_from           date        NOT NULL,
    train_to             date        NOT NULL,
    validation_from      date        NOT NULL,
    validation_to        date        NOT NULL,
    feature_set_version  text        NOT NULL,
    feature_set_hash     text        NOT NULL CHECK (feature_set_hash ~ '^[0-9a-f]{64}$'),
    config_hash          text        NOT NULL CHECK (config_hash ~ '^[0-9a-f]{64}$'),
    code_version         text        NOT NULL,
    input_scaling        jsonb       NOT NULL,
    metrics              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    model_bytes          bytea       NOT NULL,
    model_sha256         text        NOT NULL CHECK (model_sha256 ~ '^[0-9a-f]{64}$'),
    walk_forward_run     text,
    status               text        NOT NULL DEFAULT 'candidate'
                         CHECK (status IN ('candidate', 'active', 'retired')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    status_changed_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (train_from <= train_to AND train_to < validation_from AND validation_from <= validation_to)
);
-- One active model: `stockpipe predict` and the analysts' views read it.
CREATE UNIQUE INDEX model_registry_one_active ON model_registry ((true)) WHERE status = 'active';
COMMENT ON TABLE model_registry IS 'Trained models with provenance; status candidate -> active -> retired (stockpipe model promote|retire).';
COMMENT ON COLUMN model_registry.model_bytes IS 'Deeplearning4j ModelSerializer zip of the network (without updater state).';
COMMENT ON COLUMN model_registry.input_scaling IS 'Per-feature mean and standard deviation fitted on the training rows only, and the clip; applied before the network.';
COMMENT ON COLUMN model_registry.code_version IS 'git describe of the code that trained the model.';

-- One prediction per model, symbol and as-of date. as_of_date is the last date whose data the model
-- used; the return is realised at target_date.
CREATE TABLE prediction (
    model_id             bigint           NOT NULL REFERENCES model_registry (id),
    symbol               text             NOT NULL,
    as_of_date           date             NOT NULL,
    target_date          date             NOT NULL,
    predicted_return     double precision
                         CHECK (predicted_return IS NULL OR predicted_return NOT IN ('NaN', 'Infinity', '-Infinity')),
    predicted_direction  smallint         NOT NULL CHECK (predicted_direction IN (-1, 0, 1)),
    probability_up       double precision CHECK (probability_up BETWEEN 0 AND 1),
    score                double precision NOT NULL CHECK (score NOT IN ('NaN', 'Infinity', '-Infinity')),
    cross_sectional_rank integer          NOT NULL CHECK (cross_sectional_rank >= 1),
    symbols_ranked       integer          NOT NULL CHECK (symbols_ranked >= cross_sectional_rank),
    created_at           timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, symbol, as_of_date)
);
CREATE INDEX prediction_as_of_idx ON prediction (as_of_date, model_id);
COMMENT ON COLUMN prediction.target_date IS 'as_of_date plus the label horizon in weekdays (exchange holidays are not modelled).';
COMMENT ON COLUMN prediction.predicted_return IS 'Regression models: the predicted return. NULL for sign classifiers, which give probability_up.';
COMMENT ON COLUMN prediction.score IS 'What the rank orders by: the predicted return, or probability_up - 0.5.';
COMMENT ON COLUMN prediction.cross_sectional_rank IS '1 = the highest score among the symbols this model predicted for that as_of_date.';

-- Every prediction with the provenance of the model that made it: what analysts read.
CREATE VIEW prediction_provenance AS
SELECT p.as_of_date, p.target_date, p.symbol, p.predicted_return, p.predicted_direction,
       p.probability_up, p.score, p.cross_sectional_rank, p.symbols_ranked, p.created_at,
       m.id AS model_id, m.name AS model_name, m.status AS model_status, m.architecture, m.target,
       m.label, m.train_from, m.train_to, m.feature_set_version, m.feature_set_hash,
       m.config_hash, m.code_version, m.model_sha256
  FROM prediction p
  JOIN model_registry m ON m.id = p.model_id;
