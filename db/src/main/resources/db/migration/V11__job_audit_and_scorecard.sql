-- The batch backbone's audit (one chain per business date and trigger, one run per step and attempt)
-- and the daily scorecard of every model's predictions. Flyway owns this schema; never edit a
-- landed migration.

CREATE TABLE job_chain (
    id             bigserial   PRIMARY KEY,
    business_date  date        NOT NULL,
    triggered_by   text        NOT NULL CHECK (triggered_by IN ('schedule', 'backfill', 'operator')),
    backfill_id    bigint,
    steps          text[]      NOT NULL,
    driven_by      text        NOT NULL DEFAULT 'process' CHECK (driven_by IN ('process', 'cluster')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    status         text        NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'aborted')),
    message        text
);
CREATE INDEX job_chain_by_date ON job_chain (business_date, id);
COMMENT ON TABLE job_chain IS 'One run of the chain of steps for one business date: by the schedule, a backfill or an operator (stockpipe run).';
COMMENT ON COLUMN job_chain.driven_by IS 'process: one process runs it start to end (stockpipe run, the demo) and holds its lock; cluster: scheduler nodes pass it on step by step.';

CREATE TABLE job_run (
    id             bigserial   PRIMARY KEY,
    chain_id       bigint      REFERENCES job_chain (id),
    backfill_id    bigint,
    step           text        NOT NULL CHECK (step IN ('ingest', 'features', 'predict', 'score', 'report', 'retrain')),
    business_date  date        NOT NULL,
    date_to        date        NOT NULL,
    node           text        NOT NULL,
    attempt        integer     NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    status         text        NOT NULL DEFAULT 'running'
                   CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled', 'aborted')),
    rows           bigint,
    message        text,
    triggered_by   text        NOT NULL CHECK (triggered_by IN ('schedule', 'backfill', 'operator')),
    CHECK (date_to >= business_date)
);
CREATE INDEX job_run_by_date ON job_run (business_date, step, id);
CREATE INDEX job_run_running ON job_run (id) WHERE status = 'running';
COMMENT ON TABLE job_run IS 'Each attempt of one step for one business date (or a range of dates, for a backfill unit): where it ran, how it ended.';
COMMENT ON COLUMN job_run.business_date IS 'The (first) business date the step worked on; date_to is the last (the same for one date).';
COMMENT ON COLUMN job_run.node IS 'The Quartz instance id and host of the node that ran it, or "cli@host" for stockpipe run.';
COMMENT ON COLUMN job_run.status IS 'queued; running; succeeded; failed (message says why); skipped (nothing to do, or an earlier step failed: message says which); cancelled; aborted (the node died while running it).';

-- The score of each model's predictions once their target date's return is realised: what
-- report.model_scorecard reads.
CREATE TABLE model_score_daily (
    model_id            bigint      NOT NULL REFERENCES model_registry (id),
    as_of_date          date        NOT NULL,
    target_date         date        NOT NULL,
    symbols             integer     NOT NULL,
    ic                  double precision,
    rank_ic             double precision,
    hit_rate            double precision,
    long_short_return   double precision,
    scored_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, as_of_date)
);
COMMENT ON TABLE model_score_daily IS 'Per model and prediction date: IC, rank IC (Spearman), share of directions right and the top-minus-bottom-decile return, against the close-to-close return realised on the target date.';
