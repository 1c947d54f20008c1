-- Backfills: an operator's request to run steps over a range of past dates, cut into units that
-- the scheduler nodes run one after another. Flyway owns this schema; never edit a landed migration.

CREATE TABLE backfill (
    id            bigserial   PRIMARY KEY,
    date_from     date        NOT NULL,
    date_to       date        NOT NULL,
    steps         text[]      NOT NULL CHECK (steps <@ ARRAY['features', 'predict', 'score']::text[]
                                              AND cardinality(steps) > 0),
    symbols       text[],
    mode          text        NOT NULL CHECK (mode IN ('missing', 'failed', 'all')),
    unit_dates    integer     NOT NULL CHECK (unit_dates BETWEEN 1 AND 250),
    status        text        NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    requested_by  text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    message       text,
    CHECK (date_to >= date_from)
);
CREATE INDEX backfill_unfinished ON backfill (id) WHERE status IN ('queued', 'running');
COMMENT ON TABLE backfill IS 'One backfill request (stockpipe backfill): which dates, steps and symbols, which (date, step) pairs it selects (mode), and how it stands. Its units are in backfill_unit; each attempt of a unit is a job_run row with this backfill_id.';
COMMENT ON COLUMN backfill.symbols IS 'NULL: every symbol. Only a features-only backfill may name symbols (predictions and scores are of a whole cross-section).';
COMMENT ON COLUMN backfill.mode IS 'missing: (date, step) pairs without a succeeded or skipped job_run for all its symbols; failed: pairs whose last job_run failed or was aborted; all: every pair. A resume re-plans the pairs that are missing or failed, whatever the mode.';
COMMENT ON COLUMN backfill.unit_dates IS 'The most trading dates in one unit: the range is cut into blocks of this many dates, and each step of a block is one unit (one Spark job for features).';
COMMENT ON COLUMN backfill.status IS 'queued (no unit has started); running; succeeded (every unit succeeded or skipped); failed (a unit failed: message says which; resume reruns what did not succeed); cancelled (stopped after the unit that was running).';

CREATE TABLE backfill_unit (
    backfill_id  bigint      NOT NULL REFERENCES backfill (id),
    seq          integer     NOT NULL CHECK (seq >= 1),
    step         text        NOT NULL CHECK (step IN ('features', 'predict', 'score')),
    date_from    date        NOT NULL,
    date_to      date        NOT NULL,
    dates        integer     NOT NULL CHECK (dates >= 1),
    status       text        NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled')),
    job_run_id   bigint      REFERENCES job_run (id),
    started_at   timestamptz,
    finished_at  timestamptz,
    message      text,
    PRIMARY KEY (backfill_id, seq),
    CHECK (date_to >= date_from)
);
COMMENT ON TABLE backfill_unit IS 'One unit of a backfill: one step over consecutive trading dates, run in seq order (within a block of dates, features before predict before score).';
COMMENT ON COLUMN backfill_unit.dates IS 'How many trading dates of date_from..date_to the unit covers.';
COMMENT ON COLUMN backfill_unit.status IS 'queued; running; succeeded; failed (message says why); skipped (nothing to do, or predict dates inside the active model''s training and validation dates, with that reason: planned so, never run); cancelled (by backfill cancel, or replaced by the units of a resume).';
COMMENT ON COLUMN backfill_unit.job_run_id IS 'The unit''s last attempt in job_run; NULL while queued, or when it was skipped at planning.';

-- A run over a few symbols does not complete its dates for the others: the planner needs to know.
ALTER TABLE job_run ADD COLUMN symbols text[];
COMMENT ON COLUMN job_run.symbols IS 'The symbols a features run built; NULL for every symbol.';

-- NOT VALID: rows written before this migration are not checked (none names a backfill).
ALTER TABLE job_run ADD CONSTRAINT job_run_backfill_fk
    FOREIGN KEY (backfill_id) REFERENCES backfill (id) NOT VALID;
ALTER TABLE job_chain ADD CONSTRAINT job_chain_backfill_fk
    FOREIGN KEY (backfill_id) REFERENCES backfill (id) NOT VALID;
CREATE INDEX job_run_by_backfill ON job_run (backfill_id, id) WHERE backfill_id IS NOT NULL;
