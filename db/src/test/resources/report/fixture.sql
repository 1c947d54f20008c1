-- The small data set the golden files of the report views are worked out from (ReportViewsGoldenTest).
-- It runs in the same transaction as the query it is compared by, so now() is one instant for both:
-- the running job_run below started exactly one hour before it.
--
-- The market: XNYS trading days 2024-06-28, 07-01, 07-02, 07-03, 07-05, 07-08, 07-09, 07-10
-- (Thursday 07-04 is Independence Day). Three symbols with bars, two more known from rejects only.

-- Calendar overrides after the last bar, so they show in report.trading_day but leave the 60-day
-- window of report.data_quality (which ends on 07-10) alone; the XLON row must be ignored.
INSERT INTO market_holiday (exchange, date, name, closed) VALUES
    ('XNYS', DATE '2024-07-12', 'Test closure', true),
    ('XNYS', DATE '2024-07-13', 'Test Saturday session', false),
    ('XLON', DATE '2024-07-11', 'Another exchange''s closure', true);

-- AAA: every day, open = close - 1, high = close + 1, low = close - 2.
-- BBB: close-only bars, none on 07-02 and 07-08.
-- CCC: one old bar on Friday 2024-04-12 (before the 60-day window, which starts 2024-04-15), then
-- every day but 07-10; open = close, high = close + 0.5, low = close - 0.5.
INSERT INTO price_bar (symbol, trade_date, open, high, low, close, volume, source) VALUES
    ('AAA', DATE '2024-06-28',  99, 101,  98, 100, 1000, 'test'),
    ('AAA', DATE '2024-07-01', 101, 103, 100, 102, 2000, 'test'),
    ('AAA', DATE '2024-07-02', 100, 102,  99, 101, 3000, 'test'),
    ('AAA', DATE '2024-07-03', 102, 104, 101, 103, 4000, 'test'),
    ('AAA', DATE '2024-07-05', 102, 104, 101, 103, 5000, 'test'),
    ('AAA', DATE '2024-07-08', 104, 106, 103, 105, 6000, 'test'),
    ('AAA', DATE '2024-07-09', 103, 105, 102, 104, 7000, 'test'),
    ('AAA', DATE '2024-07-10', 105, 107, 104, 106, 8000, 'test'),
    ('BBB', DATE '2024-06-28', NULL, NULL, NULL, 50, 500, 'test'),
    ('BBB', DATE '2024-07-01', NULL, NULL, NULL, 51, 500, 'test'),
    ('BBB', DATE '2024-07-03', NULL, NULL, NULL, 52, 500, 'test'),
    ('BBB', DATE '2024-07-05', NULL, NULL, NULL, 50, 500, 'test'),
    ('BBB', DATE '2024-07-09', NULL, NULL, NULL, 49, 500, 'test'),
    ('BBB', DATE '2024-07-10', NULL, NULL, NULL, 50, 500, 'test'),
    ('CCC', DATE '2024-04-12', 20, 20.5, 19.5, 20, 300, 'test'),
    ('CCC', DATE '2024-06-28', 20, 20.5, 19.5, 20, 300, 'test'),
    ('CCC', DATE '2024-07-01', 21, 21.5, 20.5, 21, 300, 'test'),
    ('CCC', DATE '2024-07-02', 21, 21.5, 20.5, 21, 300, 'test'),
    ('CCC', DATE '2024-07-03', 20, 20.5, 19.5, 20, 300, 'test'),
    ('CCC', DATE '2024-07-05', 22, 22.5, 21.5, 22, 300, 'test'),
    ('CCC', DATE '2024-07-08', 22, 22.5, 21.5, 22, 300, 'test'),
    ('CCC', DATE '2024-07-09', 22, 22.5, 21.5, 22, 300, 'test');

-- Run 2 is the last finished one; run 3, newer, still runs and so does not count.
INSERT INTO ingest_run (id, source, started_at, finished_at, status) VALUES
    (1, 'csv:/data/old', '2024-07-08 21:00:00+00', '2024-07-08 21:01:00+00', 'completed_with_errors'),
    (2, 'csv:/data/new', '2024-07-10 21:00:00+00', '2024-07-10 21:02:00+00', 'completed_with_errors'),
    (3, 'csv:/data/now', '2024-07-11 21:00:00+00', NULL, 'running');
INSERT INTO ingest_reject (run_id, source_file, line_number, symbol, trade_date, rule, reason, raw_line) VALUES
    (1, 'old.csv', 2, 'EEE', DATE '2024-07-08', 'HIGH_BELOW_LOW', 'high 9 < low 10', 'EEE,...'),
    (1, 'old.csv', 3, 'AAA', DATE '2024-07-08', 'NEGATIVE_VOLUME', 'volume -1', 'AAA,...'),
    (2, 'new.csv', 3, 'BBB', DATE '2024-07-10', 'HIGH_BELOW_LOW', 'high 49 < low 51', 'BBB,...'),
    (2, 'new.csv', 4, 'BBB', DATE '2024-07-09', 'HIGH_BELOW_LOW', 'high 48 < low 50', 'BBB,...'),
    (2, 'new.csv', 7, 'BBB', DATE '2024-07-08', 'UNPARSABLE_NUMBER', 'close ''x''', 'BBB,...'),
    (2, 'new.csv', 2, 'DDD', DATE '2024-07-10', 'NEGATIVE_VOLUME', 'volume -5', 'DDD,...'),
    (2, 'notes.pdf', NULL, NULL, NULL, 'FILE_NOT_CSV', 'not a CSV file', NULL),
    (3, 'now.csv', 2, 'AAA', DATE '2024-07-11', 'HIGH_BELOW_LOW', 'high 1 < low 2', 'AAA,...'),
    (3, 'now.csv', 3, 'FFF', DATE '2024-07-11', 'UNPARSABLE_NUMBER', 'close ''y''', 'FFF,...');

-- Model 1 is the active regression model, model 2 a retired sign classifier. The bytes are a few
-- bytes only: no view shows them.
INSERT INTO model_registry (id, name, architecture, target, label, hyper_parameters,
                            train_from, train_to, validation_from, validation_to,
                            feature_set_version, feature_set_hash, config_hash, code_version,
                            input_scaling, model_bytes, model_sha256, walk_forward_run, status,
                            created_at, status_changed_at)
OVERRIDING SYSTEM VALUE VALUES
    (1, 'dense-next_return_1d-2023-12-29-1111111111-aaaaaaaa', 'dense', 'regression',
     'next_return_1d', '{"layers": [64, 32]}', '2015-01-02', '2022-12-30', '2023-01-03',
     '2023-12-29', 'v3', repeat('f', 64), repeat('1', 64), 'v1.2.0-4-g1a2b3c4', '{}',
     '\x00010203'::bytea, repeat('a', 64), NULL, 'active',
     '2024-01-05 09:30:00+00', '2024-01-06 08:00:00+00'),
    (2, 'cnn-next_return_1d-2022-12-30-2222222222-bbbbbbbb', 'cnn', 'sign',
     'next_return_1d', '{"window": 20}', '2014-01-02', '2021-12-31', '2022-01-03',
     '2022-12-30', 'v3', repeat('f', 64), repeat('2', 64), 'v1.1.0', '{}',
     '\x0405'::bytea, repeat('b', 64), 'wf-2023-06', 'retired',
     '2023-06-01 12:00:00+00', '2024-01-06 08:00:00+00');

-- The active model predicted on 07-08 (four symbols, GGG without any bar) and on 07-09 (three:
-- GGG was not ranked that day). The retired model predicted on 07-03, across the holiday, ranking
-- 12 symbols of which only three rows are here (the views read each row on its own), and on
-- 07-10, a date newer than the active model's newest.
INSERT INTO prediction (model_id, symbol, as_of_date, target_date, predicted_return,
                        predicted_direction, probability_up, score, cross_sectional_rank,
                        symbols_ranked) VALUES
    (1, 'AAA', '2024-07-08', '2024-07-09', 0.01, 1, NULL, 0.01, 1, 4),
    (1, 'GGG', '2024-07-08', '2024-07-09', 0.003, 1, NULL, 0.003, 2, 4),
    (1, 'CCC', '2024-07-08', '2024-07-09', -0.002, -1, NULL, -0.002, 3, 4),
    (1, 'BBB', '2024-07-08', '2024-07-09', -0.005, -1, NULL, -0.005, 4, 4),
    (1, 'BBB', '2024-07-09', '2024-07-10', 0.004, 1, NULL, 0.004, 1, 3),
    (1, 'AAA', '2024-07-09', '2024-07-10', 0.0, 0, NULL, 0.0, 2, 3),
    (1, 'CCC', '2024-07-09', '2024-07-10', -0.003, -1, NULL, -0.003, 3, 3),
    (2, 'CCC', '2024-07-03', '2024-07-05', NULL, 1, 0.7, 0.2, 1, 12),
    (2, 'AAA', '2024-07-03', '2024-07-05', NULL, 1, 0.55, 0.05, 6, 12),
    (2, 'BBB', '2024-07-03', '2024-07-05', NULL, -1, 0.2, -0.3, 12, 12),
    (2, 'AAA', '2024-07-10', '2024-07-11', NULL, 1, 0.6, 0.1, 1, 1);

-- Model 1 scored on 25 consecutive trading days k = 1..25 (2024-06-03 .. 07-09, Juneteenth
-- skipped), each against the next trading day: ic = k/100, rank_ic = 2k/100, hit_rate 0.6 on odd
-- k and 0.5 on even k, long_short_return = k/1000 but NULL on k = 22 (07-03).
INSERT INTO model_score_daily (model_id, as_of_date, target_date, symbols, ic, rank_ic, hit_rate, long_short_return) VALUES
    (1, '2024-06-03', '2024-06-04', 3, 0.01, 0.02, 0.6, 0.001),
    (1, '2024-06-04', '2024-06-05', 3, 0.02, 0.04, 0.5, 0.002),
    (1, '2024-06-05', '2024-06-06', 3, 0.03, 0.06, 0.6, 0.003),
    (1, '2024-06-06', '2024-06-07', 3, 0.04, 0.08, 0.5, 0.004),
    (1, '2024-06-07', '2024-06-10', 3, 0.05, 0.10, 0.6, 0.005),
    (1, '2024-06-10', '2024-06-11', 3, 0.06, 0.12, 0.5, 0.006),
    (1, '2024-06-11', '2024-06-12', 3, 0.07, 0.14, 0.6, 0.007),
    (1, '2024-06-12', '2024-06-13', 3, 0.08, 0.16, 0.5, 0.008),
    (1, '2024-06-13', '2024-06-14', 3, 0.09, 0.18, 0.6, 0.009),
    (1, '2024-06-14', '2024-06-17', 3, 0.10, 0.20, 0.5, 0.010),
    (1, '2024-06-17', '2024-06-18', 3, 0.11, 0.22, 0.6, 0.011),
    (1, '2024-06-18', '2024-06-20', 3, 0.12, 0.24, 0.5, 0.012),
    (1, '2024-06-20', '2024-06-21', 3, 0.13, 0.26, 0.6, 0.013),
    (1, '2024-06-21', '2024-06-24', 3, 0.14, 0.28, 0.5, 0.014),
    (1, '2024-06-24', '2024-06-25', 3, 0.15, 0.30, 0.6, 0.015),
    (1, '2024-06-25', '2024-06-26', 3, 0.16, 0.32, 0.5, 0.016),
    (1, '2024-06-26', '2024-06-27', 3, 0.17, 0.34, 0.6, 0.017),
    (1, '2024-06-27', '2024-06-28', 3, 0.18, 0.36, 0.5, 0.018),
    (1, '2024-06-28', '2024-07-01', 3, 0.19, 0.38, 0.6, 0.019),
    (1, '2024-07-01', '2024-07-02', 3, 0.20, 0.40, 0.5, 0.020),
    (1, '2024-07-02', '2024-07-03', 3, 0.21, 0.42, 0.6, 0.021),
    (1, '2024-07-03', '2024-07-05', 3, 0.22, 0.44, 0.5, NULL),
    (1, '2024-07-05', '2024-07-08', 3, 0.23, 0.46, 0.6, 0.023),
    (1, '2024-07-08', '2024-07-09', 3, 0.24, 0.48, 0.5, 0.024),
    (1, '2024-07-09', '2024-07-10', 3, 0.25, 0.50, 0.6, 0.025),
    (2, '2024-07-02', '2024-07-03', 12, 0.3, 0.25, 0.6667, 0.05),
    (2, '2024-07-03', '2024-07-05', 12, -0.1, NULL, 0.5, NULL);

INSERT INTO baseline_score_daily (baseline, as_of_date, target_date, symbols, ic, rank_ic, hit_rate, long_short_return) VALUES
    ('momentum_20d', '2024-07-08', '2024-07-09', 3, 0.05, 0.1, 0.3333333333, -0.01),
    ('momentum_20d', '2024-07-09', '2024-07-10', 2, NULL, NULL, 0.5, NULL),
    ('mean_reversion_1d', '2024-07-09', '2024-07-10', 2, 1, 1, 1, 0.02);

-- One chain for 07-09: ingest, features failed then retried, predict still running (since an hour);
-- and one backfill unit over 07-01..07-03.
INSERT INTO backfill (id, date_from, date_to, steps, mode, unit_dates, status, requested_by, created_at, finished_at) VALUES
    (1, '2024-07-01', '2024-07-03', ARRAY['features'], 'missing', 5, 'succeeded', 'alice@ops',
     '2024-07-10 07:59:00+00', '2024-07-10 08:10:00+00');
INSERT INTO job_chain (id, business_date, triggered_by, steps, created_at) VALUES
    (1, '2024-07-09', 'schedule', ARRAY['ingest', 'features', 'predict', 'score'], '2024-07-09 22:00:00+00');
INSERT INTO job_run (id, chain_id, backfill_id, step, business_date, date_to, node, attempt,
                     started_at, finished_at, status, rows, message, triggered_by) VALUES
    (1, 1, NULL, 'ingest', '2024-07-09', '2024-07-09', 'node-a@etl1', 1,
     '2024-07-09 22:00:00+00', '2024-07-09 22:01:30.25+00', 'succeeded', 3, 'loaded 3 bars', 'schedule'),
    (2, 1, NULL, 'features', '2024-07-09', '2024-07-09', 'node-a@etl1', 1,
     '2024-07-09 22:01:31+00', '2024-07-09 22:02:00+00', 'failed', NULL, 'Spark executor lost', 'schedule'),
    (3, 1, NULL, 'features', '2024-07-09', '2024-07-09', 'node-a@etl1', 2,
     '2024-07-09 22:05:00+00', '2024-07-09 22:05:12.04+00', 'succeeded', 3, 'built 3 rows', 'schedule'),
    (4, NULL, 1, 'features', '2024-07-01', '2024-07-03', 'node-b@etl2', 1,
     '2024-07-10 08:00:00+00', '2024-07-10 08:10:00+00', 'succeeded', 9, 'built 9 rows', 'backfill'),
    (5, 1, NULL, 'predict', '2024-07-09', '2024-07-09', 'node-c@model1', 1,
     now() - interval '1 hour', NULL, 'running', NULL, NULL, 'schedule');
