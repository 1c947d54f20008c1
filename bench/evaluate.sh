#!/usr/bin/env bash
# Evaluation on the real data: ../shared/data/prices (455 S&P 500 symbols, 2013-02-08 to
# 2018-02-07) through the whole pipeline with the product's own commands, every model judged on
# the last year, which none of them trained or validated on:
#
#   ingest -> features --all -> baseline -> train dense, train cnn (2013-02-08 .. 2017-02-07,
#   their last 20% of dates validate) -> evaluate both on 2017-02-08 .. 2018-02-07 (with the
#   shuffled-label leak check) -> promote the better -> predict the last date
#
# and writes bench/results/evaluation.md: the model_evaluation table of every model side by side,
# the registry rows and the top predictions. Not a speed benchmark: the timings are for planning.
#
#   bench/evaluate.sh [PRICES_DIR]
#
# Environment: BENCH_HOME (bench/work/evaluate, the stockpipe home), BENCH_PORT (54342),
# SPARK_MASTER (local[2]), EPOCHS (20, the default), RESUME (set: skip ingest, features and
# baseline, whose tables an earlier run of this script left in BENCH_HOME).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(cd "${1:-$ROOT/../shared/data/prices}" && pwd)"
export STOCKPIPE_HOME="${BENCH_HOME:-$ROOT/bench/work/evaluate}"
export STOCKPIPE_DB_PORT="${BENCH_PORT:-54342}"
export STOCKPIPE_SPARK_MASTER="${SPARK_MASTER:-local[2]}"
EPOCHS="${EPOCHS:-20}"
unset STOCKPIPE_DB_URL STOCKPIPE_DB_USER STOCKPIPE_DB_PASSWORD
SP="$ROOT/stockpipe"
RESULTS="$ROOT/bench/results/evaluation.md"
LOG="$STOCKPIPE_HOME/evaluate.log"

TRAIN_FROM=2013-02-08 TRAIN_TO=2017-02-07 TEST_FROM=2017-02-08 TEST_TO=2018-02-07

mkdir -p "$STOCKPIPE_HOME"
: >"$LOG"
"$SP" --version >/dev/null # builds if needed
"$SP" db start >/dev/null
trap '"$SP" db stop >/dev/null || true' EXIT

declare -A SECONDS_OF
step() { # step NAME COMMAND...: runs it, keeps its output in the log, times it
  local name="$1" start
  shift
  echo "== $name: $*" | tee -a "$LOG" >&2
  start=$(date +%s)
  "$@" 2>&1 | tee -a "$LOG" | grep -v '^\s*$' | tail -n 40 >&2
  SECONDS_OF[$name]=$(($(date +%s) - start))
}
model_id() { # the registry id that `train` printed last
  sed -nE 's/^([0-9]+) +(dense|cnn)-.*/\1/p' "$LOG" | tail -n 1
}
q() { "$SP" query --read-only "$1"; }

if [ -z "${RESUME:-}" ]; then
  step ingest "$SP" ingest --source "csv:$DATA"
  step features "$SP" features --all
  step baseline "$SP" baseline --train-from $TRAIN_FROM --train-to $TRAIN_TO \
    --test-from $TEST_FROM --test-to $TEST_TO
fi
step "train dense" "$SP" train --model dense --from $TRAIN_FROM --to $TRAIN_TO --epochs "$EPOCHS"
DENSE=$(model_id)
step "train cnn" "$SP" train --model cnn --from $TRAIN_FROM --to $TRAIN_TO --epochs "$EPOCHS"
CNN=$(model_id)
step "evaluate dense" "$SP" evaluate --model "$DENSE" --from $TEST_FROM --to $TEST_TO
step "evaluate cnn" "$SP" evaluate --model "$CNN" --from $TEST_FROM --to $TEST_TO

# Promote the model with the better rank IC on the validation dates: the test year must not choose.
BEST=$(q "SELECT id FROM model_registry WHERE id IN ($DENSE, $CNN)
          ORDER BY (metrics->>'validation_rank_ic')::float8 DESC LIMIT 1" | sed -n 3p | tr -d ' ')
"$SP" model promote "$BEST" | tee -a "$LOG" >&2
step predict "$SP" predict --date $TEST_TO

METRICS="SELECT model_name, model_kind AS kind,
  round(max(value) FILTER (WHERE metric = 'rank_ic_mean')::numeric, 4) AS rank_ic,
  round(max(value) FILTER (WHERE metric = 'rank_ic_t_stat')::numeric, 2) AS rank_ic_t,
  round(max(value) FILTER (WHERE metric = 'ic_mean')::numeric, 4) AS ic,
  round(max(value) FILTER (WHERE metric = 'directional_accuracy')::numeric, 4) AS direction,
  round(max(value) FILTER (WHERE metric = 'top_decile_hit_rate')::numeric, 4) AS top_hit,
  round(max(value) FILTER (WHERE metric = 'bottom_decile_hit_rate')::numeric, 4) AS bottom_hit,
  round((10000 * max(value) FILTER (WHERE metric = 'long_short_mean_return'))::numeric, 2)
    AS long_short_bp,
  round(max(value) FILTER (WHERE metric = 'long_short_t_stat')::numeric, 2) AS long_short_t,
  round(max(value) FILTER (WHERE metric = 'rmse')::numeric, 5) AS rmse,
  round(max(value) FILTER (WHERE metric = 'shuffled_label_rank_ic_mean')::numeric, 4) AS shuffled_ric,
  round(max(value) FILTER (WHERE metric = 'shuffled_label_rank_ic_t_stat')::numeric, 2) AS shuffled_t
  FROM model_evaluation WHERE test_from = '$TEST_FROM' AND test_to = '$TEST_TO'
  AND label = 'next_return_1d' GROUP BY 1, 2 ORDER BY 3 DESC NULLS LAST"

{
  echo "# Evaluation on the real data"
  echo
  echo "Written by \`bench/evaluate.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -n 1))."
  echo "Data: \`$(basename "$(dirname "$DATA")")/prices\`, $(ls "$DATA" | wc -l) files. Every model trained on"
  echo "$TRAIN_FROM .. $TRAIN_TO (the networks validate on their last 20% of those dates, early"
  echo "stopping; the baselines choose hyper-parameters the same way) and is judged on"
  echo "$TEST_FROM .. $TEST_TO, which none of them saw. Labels: next-day return."
  echo
  echo "## Every model on the test year (\`model_evaluation\`)"
  echo
  echo '```'
  q "$METRICS"
  echo '```'
  echo
  echo "rank_ic: mean daily Spearman correlation across symbols, with its t-stat over days."
  echo "top_hit/bottom_hit: share of the top (bottom) decile per day that went up (down)."
  echo "long_short_bp: mean daily return of long top decile, short bottom decile, in basis points"
  echo "(equal weights, no costs). shuffled_ric: the same network retrained on labels shuffled"
  echo "within each date (and demeaned), scored on the same test rows; it must be near zero."
  echo
  echo "## The networks (\`model_registry\`)"
  echo
  echo '```'
  "$SP" model list
  echo '```'
  echo
  echo "## Top of the predictions for $TEST_TO (active model $BEST, \`prediction_provenance\`)"
  echo
  echo '```'
  q "SELECT cross_sectional_rank AS rank, symbol, round(score::numeric, 5) AS score,
       target_date, model_name, code_version, left(feature_set_hash, 12) AS feature_hash
     FROM prediction_provenance WHERE as_of_date = '$TEST_TO' AND model_id = $BEST
     ORDER BY cross_sectional_rank LIMIT 10"
  echo '```'
  echo
  echo "## Wall time of each step (seconds, 2 cores)"
  echo
  echo "| step | s |"
  echo "|---|---|"
  for name in ingest features baseline "train dense" "train cnn" "evaluate dense" "evaluate cnn" predict; do
    echo "| $name | ${SECONDS_OF[$name]:-earlier run} |"
  done
} >"$RESULTS"
echo "wrote $RESULTS" >&2
