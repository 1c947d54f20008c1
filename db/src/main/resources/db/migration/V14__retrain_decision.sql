-- The weekly retrain's decisions: which candidate was judged against which active model, on which
-- dates, with which scores, and whether it was promoted and why. Flyway owns this schema; never
-- edit a landed migration.
CREATE TABLE retrain_decision (
    id                  bigserial        PRIMARY KEY,
    decided_at          timestamptz      NOT NULL DEFAULT now(),
    candidate_model_id  bigint           NOT NULL REFERENCES model_registry (id),
    active_model_id     bigint           REFERENCES model_registry (id),
    window_from         date             NOT NULL,
    window_to           date             NOT NULL,
    judged_days         integer          NOT NULL CHECK (judged_days >= 0),
    candidate_rank_ic   double precision NOT NULL,
    active_rank_ic      double precision,
    margin              double precision NOT NULL,
    promoted            boolean          NOT NULL,
    reason              text             NOT NULL CHECK (reason <> ''),
    CHECK (window_to >= window_from),
    -- Without an active model the candidate is promoted: there is nothing to keep instead.
    CHECK (active_model_id IS NOT NULL OR promoted),
    CHECK (active_rank_ic IS NULL OR active_model_id IS NOT NULL)
);
CREATE INDEX retrain_decision_by_time ON retrain_decision (decided_at DESC, id DESC);

COMMENT ON TABLE retrain_decision IS 'One row per retrain (stockpipe retrain, or the weekly job of a model node): a candidate trained on the newest dates, scored beside the model active at the time on the same dates with the same metric (mean daily rank IC), promoted only if it beats it by the margin.';
COMMENT ON COLUMN retrain_decision.id IS 'Decision number; the job_run row of the retrain names it in its message.';
COMMENT ON COLUMN retrain_decision.decided_at IS 'When the decision was recorded (after the promotion, if any).';
COMMENT ON COLUMN retrain_decision.candidate_model_id IS 'The model the retrain trained (model_registry; it stays a candidate unless promoted).';
COMMENT ON COLUMN retrain_decision.active_model_id IS 'The model active when the decision was taken, which the candidate was judged against; NULL when none was active.';
COMMENT ON COLUMN retrain_decision.window_from IS 'First date both models were judged on: the candidate''s validation window (the trainer''s last 20% of dates), less any dates the active model trained on or whose labels overlap those it trained on.';
COMMENT ON COLUMN retrain_decision.window_to IS 'Last date both models were judged on: the end of the candidate''s validation window, the newest date with labels.';
COMMENT ON COLUMN retrain_decision.judged_days IS 'Distinct dates between window_from and window_to with samples (features and a label) that both models predicted; the candidate''s alone when the active model was not judged.';
COMMENT ON COLUMN retrain_decision.candidate_rank_ic IS 'Mean over the judged dates of the Spearman correlation across symbols (dates with at least 5) between the candidate''s scores and the realised label; 0 when it ranked no date (the same score for every symbol).';
COMMENT ON COLUMN retrain_decision.active_rank_ic IS 'The same for the active model, on exactly the same samples; NULL when there was no active model or it could not be judged fairly (reason says why).';
COMMENT ON COLUMN retrain_decision.margin IS 'The rank IC the candidate had to gain: promoted when candidate_rank_ic >= active_rank_ic + margin.';
COMMENT ON COLUMN retrain_decision.promoted IS 'true: the candidate became the active model and the previous one was retired (one transaction, model_registry.status); false: the active model stayed.';
COMMENT ON COLUMN retrain_decision.reason IS 'Why, in words: the comparison, no active model, the active model trained on the window, or the candidate being the active model already.';
