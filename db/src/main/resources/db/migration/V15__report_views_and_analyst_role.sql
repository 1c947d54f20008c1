-- Analyst reporting: the naive baselines' daily scores, the schema report of views with names an
-- analyst understands, and the role stockpipe_analyst that can read those views and nothing else.

CREATE TABLE baseline_score_daily (
    baseline            text        NOT NULL CHECK (baseline ~ '^[a-z0-9][a-z0-9_.-]*$'),
    as_of_date          date        NOT NULL,
    target_date         date        NOT NULL,
    symbols             integer     NOT NULL,
    ic                  double precision,
    rank_ic             double precision,
    hit_rate            double precision,
    long_short_return   double precision,
    scored_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (baseline, as_of_date),
    CHECK (target_date > as_of_date)
);
COMMENT ON TABLE baseline_score_daily IS 'Per naive rule (momentum_20d: the last 20-bar return continues; mean_reversion_1d: the last 1-bar return reverses) and date: the same scores as model_score_daily, over every symbol with bars on both dates, written by the nightly score step.';

CREATE SCHEMA report;
COMMENT ON SCHEMA report IS 'Views for analysts (psql, BI tools): the stockpipe_analyst role reads these and nothing else.';

-- NYSE's regular holidays by rule, the SQL twin of io.stockpipe.calendar.NyseHolidays (a test
-- compares the two on every weekday of 1990-2060). Rules only: report.trading_day applies the
-- overrides of market_holiday on top. Pure, so the analyst can call it.
CREATE FUNCTION report.nyse_rule_holiday(day date) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    y int := extract(year FROM day);
    a int; b int; c int; d int; e int; f int; g int; h int; i int; k int; l int; m int; md int;
    easter date;
    jan1 date := make_date(y, 1, 1);
    observed date;
BEGIN
    IF extract(isodow FROM day) >= 6 THEN
        RETURN NULL;
    END IF;
    -- A Saturday New Year's Day leaves December 31 open (NYSE Rule 7.2).
    observed := CASE extract(isodow FROM jan1) WHEN 7 THEN jan1 + 1 ELSE jan1 END;
    IF extract(isodow FROM jan1) <> 6 AND day = observed THEN
        RETURN 'New Year''s Day';
    END IF;
    IF y >= 1998 AND day = make_date(y, 1, 1) + ((8 - extract(isodow FROM make_date(y, 1, 1))::int) % 7) + 14 THEN
        RETURN 'Martin Luther King Jr. Day';
    END IF;
    IF day = make_date(y, 2, 1) + ((8 - extract(isodow FROM make_date(y, 2, 1))::int) % 7) + 14 THEN
        RETURN 'Washington''s Birthday';
    END IF;
    a := y % 19; b := y / 100; c := y % 100; d := b / 4; e := b % 4; f := (b + 8) / 25;
    g := (b - f + 1) / 3; h := (19 * a + b - d - g + 15) % 30; i := c / 4; k := c % 4;
    l := (32 + 2 * e + 2 * i - h - k) % 7; m := (a + 11 * h + 22 * l) / 451;
    md := h + l - 7 * m + 114;
    easter := make_date(y, md / 31, md % 31 + 1);
    IF day = easter - 2 THEN
        RETURN 'Good Friday';
    END IF;
    IF day = make_date(y, 5, 31) - ((extract(isodow FROM make_date(y, 5, 31))::int - 1) % 7) THEN
        RETURN 'Memorial Day';
    END IF;
    IF y >= 2022 AND day = report.observed_holiday(make_date(y, 6, 19)) THEN
        RETURN 'Juneteenth National Independence Day';
    END IF;
    IF day = report.observed_holiday(make_date(y, 7, 4)) THEN
        RETURN 'Independence Day';
    END IF;
    IF day = make_date(y, 9, 1) + ((8 - extract(isodow FROM make_date(y, 9, 1))::int) % 7) THEN
        RETURN 'Labor Day';
    END IF;
    IF day = make_date(y, 11, 1) + ((11 - extract(isodow FROM make_date(y, 11, 1))::int) % 7) + 21 THEN
        RETURN 'Thanksgiving Day';
    END IF;
    IF day = report.observed_holiday(make_date(y, 12, 25)) THEN
        RETURN 'Christmas Day';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION report.nyse_rule_holiday(date) IS 'The NYSE regular holiday (Rule 7.2, as observed) on that weekday, or NULL. Weekends and market_holiday overrides are not here: see report.trading_day.';

CREATE FUNCTION report.observed_holiday(holiday date) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE extract(isodow FROM holiday) WHEN 6 THEN holiday - 1 WHEN 7 THEN holiday + 1 ELSE holiday END;
COMMENT ON FUNCTION report.observed_holiday(date) IS 'A Saturday holiday is observed the Friday before, a Sunday one the Monday after.';

-- Every XNYS trading day from 1990 to ten years after today; security_barrier is not needed
-- anywhere in this schema: no view hides rows of a base table whose columns it shows.
CREATE VIEW report.trading_day AS
SELECT d::date AS trade_date
  FROM generate_series(DATE '1990-01-01', (current_date + interval '10 years')::date, interval '1 day') AS d
  LEFT JOIN market_holiday h ON h.exchange = 'XNYS' AND h.date = d::date
 WHERE coalesce(NOT h.closed,
                extract(isodow FROM d) < 6 AND report.nyse_rule_holiday(d::date) IS NULL);
COMMENT ON VIEW report.trading_day IS 'The days NYSE (XNYS) trades, 1990 to ten years ahead: its rules with the overrides of market_holiday on top, as the pipeline''s calendar.';
COMMENT ON COLUMN report.trading_day.trade_date IS 'A trading day.';

CREATE VIEW report.latest_predictions AS
WITH active AS (
    SELECT id, name FROM model_registry WHERE status = 'active'
), newest AS (
    SELECT max(p.as_of_date) AS as_of_date FROM prediction p JOIN active a ON a.id = p.model_id
)
SELECT p.symbol,
       p.cross_sectional_rank AS rank,
       p.symbols_ranked,
       p.predicted_return,
       p.probability_up,
       p.score,
       b.close::double precision AS last_close,
       p.as_of_date,
       p.target_date,
       a.name AS model_name,
       a.id AS model_id
  FROM prediction p
  JOIN active a ON a.id = p.model_id
  JOIN newest n ON n.as_of_date = p.as_of_date
  LEFT JOIN price_bar b ON b.symbol = p.symbol AND b.trade_date = p.as_of_date;
COMMENT ON VIEW report.latest_predictions IS 'What the active model predicts for the next trading day: one row per symbol it ranked on its newest as-of date (a symbol it did not rank that day, e.g. one that did not trade, has no row rather than a stale rank).';
COMMENT ON COLUMN report.latest_predictions.symbol IS 'Ticker.';
COMMENT ON COLUMN report.latest_predictions.rank IS '1 = the highest score among the symbols_ranked symbols of that date.';
COMMENT ON COLUMN report.latest_predictions.symbols_ranked IS 'How many symbols were ranked that date.';
COMMENT ON COLUMN report.latest_predictions.predicted_return IS 'Predicted return from the as-of close to the target-date close (regression models; NULL for sign classifiers).';
COMMENT ON COLUMN report.latest_predictions.probability_up IS 'Predicted probability that the return is positive (sign classifiers; NULL for regression models).';
COMMENT ON COLUMN report.latest_predictions.score IS 'What the rank orders by: the predicted return, or probability_up - 0.5.';
COMMENT ON COLUMN report.latest_predictions.last_close IS 'Close on the as-of date, in the listing currency.';
COMMENT ON COLUMN report.latest_predictions.as_of_date IS 'The last date whose data the prediction used.';
COMMENT ON COLUMN report.latest_predictions.target_date IS 'The trading day whose close the prediction is about.';
COMMENT ON COLUMN report.latest_predictions.model_name IS 'The active model (stockpipe model list).';
COMMENT ON COLUMN report.latest_predictions.model_id IS 'Its id in the model registry.';

CREATE VIEW report.prediction_history AS
SELECT p.as_of_date,
       p.target_date,
       p.symbol,
       m.name AS model_name,
       m.id AS model_id,
       m.status AS model_status,
       p.cross_sectional_rank AS rank,
       p.symbols_ranked,
       10 - (10 * (p.cross_sectional_rank - 1)) / p.symbols_ranked AS decile,
       p.score,
       p.predicted_return,
       p.probability_up,
       p.predicted_direction,
       a.close::double precision AS as_of_close,
       t.close::double precision AS target_close,
       (t.close / nullif(a.close, 0) - 1)::double precision AS realised_return,
       CASE WHEN t.close IS NULL OR a.close IS NULL OR t.close = a.close OR p.predicted_direction = 0
            THEN NULL
            ELSE sign(t.close - a.close) = p.predicted_direction END AS direction_right
  FROM prediction p
  JOIN model_registry m ON m.id = p.model_id
  LEFT JOIN price_bar a ON a.symbol = p.symbol AND a.trade_date = p.as_of_date
  LEFT JOIN price_bar t ON t.symbol = p.symbol AND t.trade_date = p.target_date;
COMMENT ON VIEW report.prediction_history IS 'Every prediction of every model, with the close-to-close return realised on its target date (NULL until that bar is in) and whether the direction was right.';
COMMENT ON COLUMN report.prediction_history.as_of_date IS 'The last date whose data the prediction used.';
COMMENT ON COLUMN report.prediction_history.target_date IS 'The trading day whose close the prediction is about.';
COMMENT ON COLUMN report.prediction_history.symbol IS 'Ticker.';
COMMENT ON COLUMN report.prediction_history.model_name IS 'The model that predicted.';
COMMENT ON COLUMN report.prediction_history.model_id IS 'Its id in the model registry.';
COMMENT ON COLUMN report.prediction_history.model_status IS 'The model''s status now: candidate, active or retired.';
COMMENT ON COLUMN report.prediction_history.rank IS '1 = the highest score among the symbols_ranked symbols of that date.';
COMMENT ON COLUMN report.prediction_history.symbols_ranked IS 'How many symbols the model ranked that date.';
COMMENT ON COLUMN report.prediction_history.decile IS 'Score decile within the date: 10 = the highest-scored tenth, 1 = the lowest.';
COMMENT ON COLUMN report.prediction_history.score IS 'What the rank orders by: the predicted return, or probability_up - 0.5.';
COMMENT ON COLUMN report.prediction_history.predicted_return IS 'Predicted return (regression models; NULL for sign classifiers).';
COMMENT ON COLUMN report.prediction_history.probability_up IS 'Predicted probability of a positive return (sign classifiers; NULL for regression models).';
COMMENT ON COLUMN report.prediction_history.predicted_direction IS '1 up, -1 down, 0 no call.';
COMMENT ON COLUMN report.prediction_history.as_of_close IS 'Close on the as-of date.';
COMMENT ON COLUMN report.prediction_history.target_close IS 'Close on the target date; NULL until that bar is ingested.';
COMMENT ON COLUMN report.prediction_history.realised_return IS 'target_close / as_of_close - 1; NULL until known.';
COMMENT ON COLUMN report.prediction_history.direction_right IS 'Whether the predicted direction matched the realised one; NULL until known, and when either is 0.';

CREATE VIEW report.model_scorecard AS
WITH daily AS (
    SELECT m.name AS model_name, 'dl4j'::text AS model_kind, m.status AS model_status,
           s.as_of_date, s.target_date, s.symbols, s.ic, s.rank_ic, s.hit_rate, s.long_short_return
      FROM model_score_daily s
      JOIN model_registry m ON m.id = s.model_id
    UNION ALL
    SELECT b.baseline, 'naive', 'baseline',
           b.as_of_date, b.target_date, b.symbols, b.ic, b.rank_ic, b.hit_rate, b.long_short_return
      FROM baseline_score_daily b
)
SELECT model_name, model_kind, model_status, as_of_date, target_date, symbols,
       ic, rank_ic, hit_rate, long_short_return,
       CASE WHEN count(*) OVER w20 = 20 THEN avg(ic) OVER w20 END AS ic_mean_20d,
       CASE WHEN count(*) OVER w20 = 20 THEN avg(rank_ic) OVER w20 END AS rank_ic_mean_20d,
       CASE WHEN count(*) OVER w20 = 20 THEN avg(hit_rate) OVER w20 END AS hit_rate_mean_20d,
       CASE WHEN count(*) OVER w20 = 20 THEN avg(long_short_return) OVER w20 END AS long_short_mean_20d,
       CASE WHEN count(*) OVER w60 = 60 THEN avg(ic) OVER w60 END AS ic_mean_60d,
       CASE WHEN count(*) OVER w60 = 60 THEN avg(rank_ic) OVER w60 END AS rank_ic_mean_60d,
       CASE WHEN count(*) OVER w60 = 60 THEN avg(hit_rate) OVER w60 END AS hit_rate_mean_60d,
       CASE WHEN count(*) OVER w60 = 60 THEN avg(long_short_return) OVER w60 END AS long_short_mean_60d
  FROM daily
WINDOW w20 AS (PARTITION BY model_name ORDER BY as_of_date ROWS BETWEEN 19 PRECEDING AND CURRENT ROW),
       w60 AS (PARTITION BY model_name ORDER BY as_of_date ROWS BETWEEN 59 PRECEDING AND CURRENT ROW);
COMMENT ON VIEW report.model_scorecard IS 'Per model (and naive baseline) and prediction date: how its ranking did on the target date, with rolling means over its last 20 and 60 scored dates (NULL until it has that many).';
COMMENT ON COLUMN report.model_scorecard.model_name IS 'A registered model, or a naive baseline (momentum_20d, mean_reversion_1d).';
COMMENT ON COLUMN report.model_scorecard.model_kind IS 'dl4j (a trained network) or naive (a rule with nothing fitted).';
COMMENT ON COLUMN report.model_scorecard.model_status IS 'candidate, active or retired for a model; baseline for a rule.';
COMMENT ON COLUMN report.model_scorecard.as_of_date IS 'The prediction date.';
COMMENT ON COLUMN report.model_scorecard.target_date IS 'The date whose realised return it was scored against.';
COMMENT ON COLUMN report.model_scorecard.symbols IS 'Symbols with a score and a realised return that date.';
COMMENT ON COLUMN report.model_scorecard.ic IS 'Pearson correlation of scores and realised returns across the symbols of that date.';
COMMENT ON COLUMN report.model_scorecard.rank_ic IS 'Spearman (rank) correlation of scores and realised returns that date.';
COMMENT ON COLUMN report.model_scorecard.hit_rate IS 'Share of symbols whose predicted direction was right.';
COMMENT ON COLUMN report.model_scorecard.long_short_return IS 'Mean realised return of the top score decile minus that of the bottom decile.';
COMMENT ON COLUMN report.model_scorecard.ic_mean_20d IS 'Mean IC over the model''s last 20 scored dates, this one included.';
COMMENT ON COLUMN report.model_scorecard.rank_ic_mean_20d IS 'Mean rank IC over the last 20 scored dates.';
COMMENT ON COLUMN report.model_scorecard.hit_rate_mean_20d IS 'Mean hit rate over the last 20 scored dates.';
COMMENT ON COLUMN report.model_scorecard.long_short_mean_20d IS 'Mean long-short return over the last 20 scored dates.';
COMMENT ON COLUMN report.model_scorecard.ic_mean_60d IS 'Mean IC over the last 60 scored dates.';
COMMENT ON COLUMN report.model_scorecard.rank_ic_mean_60d IS 'Mean rank IC over the last 60 scored dates.';
COMMENT ON COLUMN report.model_scorecard.hit_rate_mean_60d IS 'Mean hit rate over the last 60 scored dates.';
COMMENT ON COLUMN report.model_scorecard.long_short_mean_60d IS 'Mean long-short return over the last 60 scored dates.';

CREATE VIEW report.data_quality AS
WITH market_end AS (
    SELECT max(trade_date) AS last_date FROM price_bar
), window_days AS (
    SELECT t.trade_date
      FROM report.trading_day t, market_end e
     WHERE t.trade_date <= e.last_date
     ORDER BY t.trade_date DESC
     LIMIT 60
), last_run AS (
    SELECT id, started_at FROM ingest_run WHERE status <> 'running' ORDER BY id DESC LIMIT 1
), rejects AS (
    SELECT r.symbol, count(*) AS rejects, string_agg(DISTINCT r.rule, ', ' ORDER BY r.rule) AS rules
      FROM ingest_reject r JOIN last_run l ON l.id = r.run_id
     WHERE r.symbol IS NOT NULL
     GROUP BY r.symbol
), symbols AS (
    SELECT symbol FROM price_bar GROUP BY symbol
    UNION
    SELECT symbol FROM rejects
)
SELECT s.symbol,
       (SELECT max(b.trade_date) FROM price_bar b WHERE b.symbol = s.symbol) AS last_bar_date,
       (SELECT count(*) FROM window_days w
         WHERE w.trade_date >= coalesce((SELECT min(b.trade_date) FROM price_bar b WHERE b.symbol = s.symbol), 'infinity')
           AND NOT EXISTS (SELECT 1 FROM price_bar b WHERE b.symbol = s.symbol AND b.trade_date = w.trade_date)
       ) AS missing_days_60,
       (SELECT min(trade_date) FROM window_days) AS window_from,
       (SELECT max(trade_date) FROM window_days) AS window_to,
       (SELECT id FROM last_run) AS last_ingest_run,
       coalesce(r.rejects, 0) AS last_ingest_rejects,
       r.rules AS last_ingest_reject_rules
  FROM symbols s
  LEFT JOIN rejects r ON r.symbol = s.symbol;
COMMENT ON VIEW report.data_quality IS 'Per symbol: its newest bar, the XNYS trading days without a bar among the market''s last 60 (ending on the newest bar of any symbol; days before the symbol''s first bar do not count), and what the last finished ingest refused of it.';
COMMENT ON COLUMN report.data_quality.symbol IS 'Ticker (with bars, or refused by the last ingest).';
COMMENT ON COLUMN report.data_quality.last_bar_date IS 'Its newest bar; NULL when it has none.';
COMMENT ON COLUMN report.data_quality.missing_days_60 IS 'Trading days of the window without a bar of this symbol, counted from its first bar.';
COMMENT ON COLUMN report.data_quality.window_from IS 'The first of the 60 trading days.';
COMMENT ON COLUMN report.data_quality.window_to IS 'The last of the 60 trading days: the newest bar date in the database.';
COMMENT ON COLUMN report.data_quality.last_ingest_run IS 'The ingest_run id of the last finished ingest.';
COMMENT ON COLUMN report.data_quality.last_ingest_rejects IS 'Rows of this symbol that run refused.';
COMMENT ON COLUMN report.data_quality.last_ingest_reject_rules IS 'The validation rules they failed, e.g. HIGH_BELOW_LOW.';

CREATE VIEW report.job_runs AS
SELECT r.business_date AS date,
       r.date_to,
       r.step,
       r.status,
       r.started_at,
       r.finished_at,
       round(extract(epoch FROM (coalesce(r.finished_at, now()) - r.started_at))::numeric, 1) AS duration_seconds,
       r.rows,
       r.message,
       r.attempt,
       r.node,
       r.triggered_by,
       r.chain_id,
       r.backfill_id
  FROM job_run r;
COMMENT ON VIEW report.job_runs IS 'Every attempt of a nightly, backfill or operator step: which date, what it did, how it ended and how long it took.';
COMMENT ON COLUMN report.job_runs.date IS 'The business date the step worked on (the first, for a backfill unit).';
COMMENT ON COLUMN report.job_runs.date_to IS 'The last business date it worked on (the same, for one date).';
COMMENT ON COLUMN report.job_runs.step IS 'ingest, features, predict, score, report or retrain.';
COMMENT ON COLUMN report.job_runs.status IS 'queued, running, succeeded, failed, skipped (nothing to do, or an earlier step failed), cancelled, aborted (its node died).';
COMMENT ON COLUMN report.job_runs.started_at IS 'When it started.';
COMMENT ON COLUMN report.job_runs.finished_at IS 'When it ended; NULL while it runs.';
COMMENT ON COLUMN report.job_runs.duration_seconds IS 'Seconds from start to end (to now, while it runs).';
COMMENT ON COLUMN report.job_runs.rows IS 'Rows it wrote, where that applies.';
COMMENT ON COLUMN report.job_runs.message IS 'What it did, or why it skipped or failed.';
COMMENT ON COLUMN report.job_runs.attempt IS '1 for the first try, then each retry.';
COMMENT ON COLUMN report.job_runs.node IS 'The scheduler node (Quartz instance and host), or cli@host for stockpipe run.';
COMMENT ON COLUMN report.job_runs.triggered_by IS 'schedule, backfill or operator.';
COMMENT ON COLUMN report.job_runs.chain_id IS 'The chain run it belonged to.';
COMMENT ON COLUMN report.job_runs.backfill_id IS 'The backfill it belonged to, if any.';

CREATE VIEW report.models AS
SELECT m.id AS model_id, m.name AS model_name, m.status, m.architecture, m.target, m.label,
       m.train_from, m.train_to, m.validation_from, m.validation_to,
       m.feature_set_version, m.feature_set_hash, m.config_hash, m.code_version, m.model_sha256,
       m.walk_forward_run, m.created_at, m.status_changed_at
  FROM model_registry m;
COMMENT ON VIEW report.models IS 'The model registry without the networks themselves: what each model is and the provenance that traces it (the bytes are not readable here).';
COMMENT ON COLUMN report.models.model_id IS 'Id in the registry.';
COMMENT ON COLUMN report.models.model_name IS 'Unique name.';
COMMENT ON COLUMN report.models.status IS 'candidate, active (the one that predicts nightly) or retired.';
COMMENT ON COLUMN report.models.architecture IS 'dense or cnn.';
COMMENT ON COLUMN report.models.target IS 'regression (a return) or sign (P(up)).';
COMMENT ON COLUMN report.models.label IS 'What it learned to predict: next_return_1d or forward_return_5d.';
COMMENT ON COLUMN report.models.train_from IS 'First date of its training rows.';
COMMENT ON COLUMN report.models.train_to IS 'Last date of its training rows.';
COMMENT ON COLUMN report.models.validation_from IS 'First date of the validation rows that chose its epochs and hyper-parameters.';
COMMENT ON COLUMN report.models.validation_to IS 'Last validation date: it predicts only dates after this.';
COMMENT ON COLUMN report.models.feature_set_version IS 'The feature set it reads.';
COMMENT ON COLUMN report.models.feature_set_hash IS 'SHA-256 of that feature set''s definitions.';
COMMENT ON COLUMN report.models.config_hash IS 'SHA-256 of its training configuration.';
COMMENT ON COLUMN report.models.code_version IS 'git describe of the code that trained it.';
COMMENT ON COLUMN report.models.model_sha256 IS 'SHA-256 of the stored network.';
COMMENT ON COLUMN report.models.walk_forward_run IS 'The walk-forward run it belongs to, if any.';
COMMENT ON COLUMN report.models.created_at IS 'When it was registered.';
COMMENT ON COLUMN report.models.status_changed_at IS 'When its status last changed.';

CREATE VIEW report.daily_prices AS
SELECT b.symbol, b.trade_date, b.open::double precision AS open, b.high::double precision AS high,
       b.low::double precision AS low, b.close::double precision AS close, b.volume,
       (b.close / nullif(lag(b.close) OVER (PARTITION BY b.symbol ORDER BY b.trade_date), 0) - 1)::double precision AS return_1d
  FROM price_bar b;
COMMENT ON VIEW report.daily_prices IS 'The daily bars as stored, with the close-to-close return from the symbol''s previous bar. Filter on symbol (and trade_date) for speed.';
COMMENT ON COLUMN report.daily_prices.symbol IS 'Ticker.';
COMMENT ON COLUMN report.daily_prices.trade_date IS 'Trading day.';
COMMENT ON COLUMN report.daily_prices.open IS 'Open; NULL for close-only bars.';
COMMENT ON COLUMN report.daily_prices.high IS 'High; NULL for close-only bars.';
COMMENT ON COLUMN report.daily_prices.low IS 'Low; NULL for close-only bars.';
COMMENT ON COLUMN report.daily_prices.close IS 'Close.';
COMMENT ON COLUMN report.daily_prices.volume IS 'Shares traded.';
COMMENT ON COLUMN report.daily_prices.return_1d IS 'close / previous bar''s close - 1; NULL on the first bar.';

-- The views run with their owner's rights (security_invoker off, on purpose): an analyst needs no
-- right on any base table, so a column a view leaves out (model_bytes, hyper-parameters, raw
-- reject lines) cannot be read at all, and the grants below are the whole of what the role can do.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockpipe_analyst') THEN
        BEGIN
            CREATE ROLE stockpipe_analyst NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
                NOREPLICATION NOBYPASSRLS;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'no privilege to create the role stockpipe_analyst; an administrator must create it (CREATE ROLE stockpipe_analyst NOLOGIN) and rerun stockpipe db migrate';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockpipe_analyst') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO stockpipe_analyst', current_database());
        GRANT USAGE ON SCHEMA report TO stockpipe_analyst;
        GRANT SELECT ON ALL TABLES IN SCHEMA report TO stockpipe_analyst;
        ALTER DEFAULT PRIVILEGES IN SCHEMA report GRANT SELECT ON TABLES TO stockpipe_analyst;
        -- The reader role reads every table of public; it may read the views too.
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockpipe_reader') THEN
            GRANT USAGE ON SCHEMA report TO stockpipe_reader;
            GRANT SELECT ON ALL TABLES IN SCHEMA report TO stockpipe_reader;
            ALTER DEFAULT PRIVILEGES IN SCHEMA report GRANT SELECT ON TABLES TO stockpipe_reader;
        END IF;
    END IF;
END
$$;
-- Nobody but the owner may create objects in report (PUBLIC has no CREATE on a new schema); the
-- public schema's USAGE, which PostgreSQL grants to PUBLIC, lets a role see table names there but
-- read none, and the analyst's tests hold it to that.

-- A backfill may now write reports: the report step writes the report of each unit's last date.
ALTER TABLE backfill DROP CONSTRAINT backfill_steps_check;
ALTER TABLE backfill ADD CONSTRAINT backfill_steps_check
    CHECK (steps <@ ARRAY['features', 'predict', 'score', 'report']::text[] AND cardinality(steps) > 0);
ALTER TABLE backfill_unit DROP CONSTRAINT backfill_unit_step_check;
ALTER TABLE backfill_unit ADD CONSTRAINT backfill_unit_step_check
    CHECK (step IN ('features', 'predict', 'score', 'report'));
