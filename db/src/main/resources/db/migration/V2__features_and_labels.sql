-- The point-in-time feature table, the labels kept apart from it, and the staging tables the Spark
-- feature job writes into before one merging transaction. Flyway owns this schema; never edit a
-- landed migration.

-- One row per feature set version: which features, in which order, defined how. Models record the
-- version (and so the hash) they were trained on.
CREATE TABLE feature_set (
    version         text        PRIMARY KEY,
    registry_hash   text        NOT NULL CHECK (registry_hash ~ '^[0-9a-f]{64}$'),
    normalisation   text        NOT NULL CHECK (normalisation IN ('none', 'rank', 'zscore')),
    feature_names   text[]      NOT NULL,
    definitions     text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE feature_set IS 'Feature set versions: "<name>-<first 12 hex of registry_hash>[-<normalisation>]".';
COMMENT ON COLUMN feature_set.definitions IS 'Every series and feature: name | family | window rows | formula | Spark SQL.';

-- Features as one array in feature_set.feature_names order: a new feature is a new registry entry
-- (and so a new version), not a new column. No foreign key to feature_set or price_bar: the job
-- writes the feature_set row in the same transaction, and per-row FK checks would cost more than
-- the insert (see price_bar in V1).
CREATE TABLE feature_row (
    feature_set_version  text               NOT NULL,
    symbol               text               NOT NULL,
    trade_date           date               NOT NULL,
    features             double precision[] NOT NULL,
    PRIMARY KEY (feature_set_version, symbol, trade_date)
);
COMMENT ON TABLE feature_row IS 'Point-in-time features: row (symbol, trade_date) reads only bars of that symbol up to trade_date. NULL elements where a window is not full.';

-- Labels look ahead by definition, so they live apart: nothing that computes features reads them.
CREATE TABLE label_row (
    symbol             text             NOT NULL,
    trade_date         date             NOT NULL,
    next_return_1d     double precision,
    forward_return_5d  double precision,
    PRIMARY KEY (symbol, trade_date)
);
COMMENT ON COLUMN label_row.next_return_1d IS 'close of the next trading row / close - 1; NULL on the last bar.';
COMMENT ON COLUMN label_row.forward_return_5d IS 'close 5 trading rows later / close - 1; NULL on the last 5 bars.';

-- Spark's JDBC writers (one connection per task) append here under one build_id; the driver then
-- replaces the target rows in one transaction and deletes its staging rows. UNLOGGED: a crash
-- loses only rows that no transaction has merged yet.
CREATE UNLOGGED TABLE feature_row_staging (
    build_id    text               NOT NULL,
    symbol      text               NOT NULL,
    trade_date  date               NOT NULL,
    features    double precision[] NOT NULL
);
CREATE INDEX feature_row_staging_build_idx ON feature_row_staging (build_id);

CREATE UNLOGGED TABLE label_row_staging (
    build_id           text             NOT NULL,
    symbol             text             NOT NULL,
    trade_date         date             NOT NULL,
    next_return_1d     double precision,
    forward_return_5d  double precision
);
CREATE INDEX label_row_staging_build_idx ON label_row_staging (build_id);
