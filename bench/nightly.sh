#!/usr/bin/env bash
# Benchmark: the nightly chain of one business date on ../shared/data/prices loaded up to the day
# before (455 symbols), through a warm scheduler node and as separate CLI commands, with the wall
# time of each step; then (when BACKFILL_DATES > 0) a backfill of features+predict+score over the
# last BACKFILL_DATES trading dates. Writes bench/results/nightly.md.
#
#   bench/nightly.sh [PRICES_DIR]
#
# Environment: BENCH_PORT (54345), BACKFILL_DATES (250).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(cd "${1:-$ROOT/../shared/data/prices}" && pwd)"
WORK="$ROOT/bench/work/nightly"
RESULTS="$ROOT/bench/results/nightly.md"
BACKFILL_DATES="${BACKFILL_DATES:-250}"
export STOCKPIPE_HOME="$WORK/home"
export STOCKPIPE_DB_PORT="${BENCH_PORT:-54345}"
export PGPASSFILE="$STOCKPIPE_HOME/pgpass"
unset STOCKPIPE_DB_URL STOCKPIPE_DB_USER STOCKPIPE_DB_PASSWORD STOCKPIPE_CONFIG
SP="$ROOT/stockpipe"
DAY=2018-02-07
BEFORE=2018-02-06

if ! command -v psql >/dev/null; then
  echo "installing psql (Debian's postgresql-client) ..." >&2
  apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null
fi
PSQL=(psql -X -q -At -h localhost -p "$STOCKPIPE_DB_PORT" -U postgres -d stockpipe -v ON_ERROR_STOP=1)
now() { date +%s.%N; }
seconds() { echo "$2 - $1" | bc | xargs printf '%.1f'; }

rm -rf "$WORK" && mkdir -p "$WORK/history" "$WORK/incoming"
for file in "$DATA"/*.csv; do
  name=$(basename "$file")
  grep -v "^$DAY," "$file" >"$WORK/history/$name"
  { head -n 1 "$file"; grep "^$DAY," "$file" || true; } >"$WORK/incoming/$name"
done
"$SP" --version >/dev/null # builds if needed, outside the timings
"$SP" db start >/dev/null
NODE_PID=""
cleanup() {
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  "$SP" db stop --force >/dev/null || true
}
trap cleanup EXIT

echo "preparing: ingest up to $BEFORE, every feature, a dense model trained on 2013-2016 ..." >&2
"$SP" ingest --source "csv:$WORK/history" >"$WORK/prepare.log" 2>&1 || [ $? -eq 3 ]
"$SP" features --all >>"$WORK/prepare.log" 2>&1
"$SP" train --model dense --from 2013-02-08 --to 2016-12-30 --epochs 3 >"$WORK/train.log" 2>&1
MODEL=$("${PSQL[@]}" -c "SELECT max(id) FROM model_registry")
"$SP" model promote "$MODEL" >/dev/null

wait_for_chain() { # chain id
  until [ "$("${PSQL[@]}" -c "SELECT status FROM job_chain WHERE id = $1")" != running ]; do
    sleep 0.2
  done
}
chain_of() { sed -nE 's/^chain ([0-9]+) for .*/\1/p'; }

echo "a warm node: start it, and let it run $BEFORE's features and predictions first ..." >&2
"$SP" scheduler start --role all --source "csv:$WORK/incoming" --spark-master 'local[2]' \
  --cron '0 0 0 1 1 ? 2099' >"$WORK/node.log" 2>&1 &
NODE_PID=$!
until [ "$("${PSQL[@]}" -c "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'stockpipe-etl'")" = 1 ]; do
  sleep 0.5
done
warm=$("$SP" scheduler trigger --date $BEFORE --steps features,predict | chain_of)
wait_for_chain "$warm"

echo "the chain of $DAY through the warm node ..." >&2
start=$(now)
chain=$("$SP" scheduler trigger --date $DAY | chain_of)
wait_for_chain "$chain"
end=$(now)
node_total=$(seconds "$start" "$end")
node_chain=$("${PSQL[@]}" -c "SELECT round(extract(epoch FROM finished_at - created_at)::numeric, 1) FROM job_chain WHERE id = $chain")
node_status=$("${PSQL[@]}" -c "SELECT status FROM job_chain WHERE id = $chain")
declare -A NODE_STEP
while IFS='|' read -r step secs status; do
  NODE_STEP[$step]="$secs ($status)"
done < <("${PSQL[@]}" -c "SELECT step, round(extract(epoch FROM finished_at - started_at)::numeric, 1), status FROM job_run WHERE chain_id = $chain ORDER BY id")
predictions=$("${PSQL[@]}" -c "SELECT count(*) FROM prediction WHERE as_of_date = '$DAY'")
kill "$NODE_PID" && wait "$NODE_PID" || true
NODE_PID=""

echo "the same chain as separate CLI commands, each its own JVM ..." >&2
"${PSQL[@]}" -c "DELETE FROM price_bar WHERE trade_date = '$DAY'; DELETE FROM feature_row WHERE trade_date = '$DAY'; DELETE FROM label_row WHERE trade_date >= '$BEFORE'; DELETE FROM prediction WHERE as_of_date = '$DAY'; DELETE FROM model_score_daily WHERE target_date = '$DAY'"
declare -A CLI_STEP
t0=$(now)
"$SP" ingest --source "csv:$WORK/incoming" >"$WORK/cli-ingest.log" 2>&1 || [ $? -eq 3 ]
t1=$(now)
"$SP" features --from $DAY --to $DAY --spark-master 'local[2]' >"$WORK/cli-features.log" 2>&1
t2=$(now)
"$SP" predict --date $DAY >"$WORK/cli-predict.log" 2>&1
t3=$(now)
"$SP" run --date $DAY --steps score >"$WORK/cli-score.log" 2>&1
t4=$(now)
CLI_STEP[ingest]=$(seconds "$t0" "$t1")
CLI_STEP[features]=$(seconds "$t1" "$t2")
CLI_STEP[predict]=$(seconds "$t2" "$t3")
CLI_STEP[score]=$(seconds "$t3" "$t4")
cli_total=$(seconds "$t0" "$t4")

backfill_section="Backfill: not measured (BACKFILL_DATES=0)."
if [ "$BACKFILL_DATES" -gt 0 ] && "$SP" backfill --help >/dev/null 2>&1; then
  FROM=$("${PSQL[@]}" -c "SELECT trade_date FROM (SELECT DISTINCT trade_date FROM price_bar ORDER BY 1 DESC LIMIT $BACKFILL_DATES) d ORDER BY 1 LIMIT 1")
  echo "a backfill of features,predict,score over $BACKFILL_DATES dates from $FROM ..." >&2
  start=$(now)
  "$SP" backfill --from "$FROM" --to $DAY --steps features,predict,score --mode all --here --wait \
    >"$WORK/backfill.log" 2>&1 || true
  end=$(now)
  backfill_total=$(seconds "$start" "$end")
  backfill_steps=$("${PSQL[@]}" -c "SELECT string_agg(step || ' ' || round(s::numeric, 1) || ' s', ', ') FROM (SELECT step, sum(extract(epoch FROM finished_at - started_at)) s FROM job_run WHERE backfill_id IS NOT NULL GROUP BY step ORDER BY min(id)) x")
  backfill_section="Backfill of features, predict and score over the $BACKFILL_DATES trading dates $FROM..$DAY (\`backfill --mode all --here --wait\`): **$backfill_total s** wall (target ≤ 180 s on 2 cores); step time summed over its units: $backfill_steps. Log: \`bench/work/nightly/backfill.log\`."
elif [ "$BACKFILL_DATES" -gt 0 ]; then
  backfill_section="Backfill: not measured, this build has no \`backfill\` command."
fi

cat >"$RESULTS" <<MD
# Nightly chain benchmark

\`bench/nightly.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1), embedded
PostgreSQL 17 (durable settings). Data: \`$(basename "$DATA")/\`, $(ls "$DATA" | wc -l) symbols, loaded up to
$BEFORE with every feature and an active dense model trained on 2013-02-08..2016-12-30; the chain
is that of $DAY, whose bars arrive as one-line CSV files per symbol.

| step | warm scheduler node (job_run) | separate CLI commands (wall, own JVM each) |
|---|---:|---:|
| ingest | ${NODE_STEP[ingest]:-} | ${CLI_STEP[ingest]} |
| features | ${NODE_STEP[features]:-} | ${CLI_STEP[features]} |
| predict | ${NODE_STEP[predict]:-} | ${CLI_STEP[predict]} |
| score | ${NODE_STEP[score]:-} | ${CLI_STEP[score]} |
| report | ${NODE_STEP[report]:-} | - |
| **whole chain** | **$node_chain s** ($node_status; $node_total s from \`scheduler trigger\` to done) | **$cli_total s** |

$predictions predictions for $DAY. Target: the warm chain for 455 symbols ≤ 10 s.

$backfill_section
MD
cat "$RESULTS"
