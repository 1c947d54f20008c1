#!/usr/bin/env bash
# Benchmark: `stockpipe features --all` (Spark local[2]) against bench/features_pandas.py, the same
# 35 features in pandas (one process), on the same bars, on the same machine, in the same run: at
# 1x (../shared/data/prices) and at 10x (the same files again under new tickers SYMBOL_R1..R9).
# Checks on a sample of symbols that both give the same values (fails if not). Then the same job
# in pandas (`features_pandas.py --db`: price_bar in, feature and label tables out, in PostgreSQL),
# timed, and every row of its tables checked against stockpipe's. Writes
# bench/results/features.md. At 10x both sides read the same replicated files (written under
# bench/work outside the timings); `features_pandas.py --replicate K` does the same in memory.
#
#   bench/features.sh [PRICES_DIR] [SCALES]          SCALES: default "1 10"
#
# Environment: ROUNDS (1; each timing is the median of ROUNDS runs), SPARK_MASTER (local[2]),
# BENCH_PORT (54341, the embedded PostgreSQL), PYTHON (/usr/bin/python3, Debian's pandas).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(cd "${1:-$ROOT/../shared/data/prices}" && pwd)"
SCALES="${2:-1 10}"
ROUNDS="${ROUNDS:-1}"
MASTER="${SPARK_MASTER:-local[2]}"
PORT="${BENCH_PORT:-54341}"
PY="${PYTHON:-/usr/bin/python3}"
PANDAS="$ROOT/bench/features_pandas.py"
STOCKPIPE="$ROOT/stockpipe"
WORK="$ROOT/bench/work/features"
RESULTS="$ROOT/bench/results/features.md"

if ! command -v psql >/dev/null; then
  echo "installing psql (Debian's postgresql-client) ..." >&2
  apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null
fi
if [ ! -x "$PY" ]; then
  echo "installing Debian's python3-pandas ..." >&2
  apt-get update -qq && apt-get install -y -qq python3-pandas >/dev/null
fi
VERSIONS="$("$PY" "$PANDAS" --versions)" # installs python3-pandas if missing
"$STOCKPIPE" --version >/dev/null         # builds if needed, outside the timings

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.2f\\n\", $1 }"; }
field() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<"$2"; } # field NAME "K=V K=V"
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
fail() {
  {
    echo
    echo "##############################################################################"
    echo "FAIL: $*"
    echo "##############################################################################"
  } >&2
  exit 1
}

DB_UP=""
stop_db() { if [ -n "$DB_UP" ]; then "$STOCKPIPE" db stop >/dev/null || true; DB_UP=""; fi; }
trap stop_db EXIT
PSQL=(psql -X -q -h localhost -p "$PORT" -U postgres -d stockpipe -v ON_ERROR_STOP=1)
unset STOCKPIPE_DB_URL STOCKPIPE_DB_USER STOCKPIPE_DB_PASSWORD
export STOCKPIPE_DB_PORT="$PORT"

# The data K times: the files as they are plus copies named TICKER_R1.csv .. TICKER_R<K-1>.csv.
replicate() {
  local copies=$1 out=$2 file base i
  mkdir -p "$out"
  for file in "$DATA"/*.csv; do
    base="$(basename "$file" .csv)"
    cp "$file" "$out/$base.csv"
    for ((i = 1; i < copies; i++)); do cp "$file" "$out/${base}_R$i.csv"; done
  done
}

# One scale: fresh home and database, ingest (untimed), stockpipe features and pandas ROUNDS times
# each, then the sample comparison. Leaves KEY=VALUE lines in $dir/result.
bench_scale() {
  local scale=$1
  local dir="$WORK/${scale}x" prices round start end
  rm -rf "$dir" && mkdir -p "$dir"
  if [ "$scale" -eq 1 ]; then
    prices="$DATA"
  else
    echo "[$scale x] writing $scale copies of $(basename "$DATA")/ ..." >&2
    prices="$dir/prices"
    replicate "$scale" "$prices"
  fi

  export STOCKPIPE_HOME="$dir/home"
  "$STOCKPIPE" db start >/dev/null
  DB_UP=1
  echo "[$scale x] ingest ..." >&2
  start=$(now)
  # 0 = every file loaded; rows refused by validation (the data's corrupt bars) are expected.
  "$STOCKPIPE" ingest --source "csv:$prices" >"$dir/ingest.log" 2>&1 ||
    { cat "$dir/ingest.log" >&2; fail "[$scale x] ingest failed"; }
  end=$(now)
  local ingest_s bars symbols
  ingest_s=$(calc "$end - $start")
  bars=$("${PSQL[@]}" -At -c "SELECT count(*) FROM price_bar")
  symbols=$("${PSQL[@]}" -At -c "SELECT count(DISTINCT symbol) FROM price_bar")

  : >"$dir/sp_wall" && : >"$dir/sp_job"
  for round in $(seq "$ROUNDS"); do
    echo "[$scale x] stockpipe features, round $round/$ROUNDS ..." >&2
    "${PSQL[@]}" -c "TRUNCATE feature_row, label_row, feature_set; CHECKPOINT"
    start=$(now)
    "$STOCKPIPE" features --all --spark-master "$MASTER" >"$dir/features-$round.log" 2>&1 ||
      { tail -50 "$dir/features-$round.log" >&2; fail "[$scale x] stockpipe features failed"; }
    end=$(now)
    calc "$end - $start" >>"$dir/sp_wall"
    # The job's own time, if the command prints its summary ("... feature rows ... in 12.3 s").
    { grep -E 'feature rows' "$dir/features-$round.log" || true; } |
      sed -nE 's/.* in ([0-9]+(\.[0-9]+)?) s.*/\1/p' | tail -1 >>"$dir/sp_job"
  done

  : >"$dir/pd_read" && : >"$dir/pd_compute" && : >"$dir/pd_write" && : >"$dir/pd_total"
  local times pandas_rows
  for round in $(seq "$ROUNDS"); do
    echo "[$scale x] pandas, round $round/$ROUNDS ..." >&2
    rm -f "$dir/pandas.pkl"
    "$PY" "$PANDAS" --prices "$prices" --out "$dir/pandas.pkl" \
      --sample-out "$dir/pandas-sample.csv" >"$dir/pandas-$round.log" 2>&1 ||
      { cat "$dir/pandas-$round.log" >&2; fail "[$scale x] pandas failed"; }
    times=$(grep '^TIMES ' "$dir/pandas-$round.log")
    field read "$times" >>"$dir/pd_read"
    field compute "$times" >>"$dir/pd_compute"
    field write "$times" >>"$dir/pd_write"
    calc "$(field read "$times") + $(field compute "$times")" >>"$dir/pd_total"
    pandas_rows=$(field rows "$times")
  done

  rm -f "$dir/pandas.pkl" # 1.6 GB at 10x; the sample is kept

  # The same job as stockpipe's, in pandas: price_bar in, both tables out (see the script's --db).
  : >"$dir/pdb_read" && : >"$dir/pdb_compute" && : >"$dir/pdb_write" && : >"$dir/pdb_wall"
  for round in $(seq "$ROUNDS"); do
    echo "[$scale x] pandas against PostgreSQL, round $round/$ROUNDS ..." >&2
    "${PSQL[@]}" -c "DROP TABLE IF EXISTS pandas_feature_row, pandas_label_row; CHECKPOINT"
    start=$(now)
    "$PY" "$PANDAS" --db "host=localhost port=$PORT dbname=stockpipe user=postgres" \
      --db-prefix pandas >"$dir/pandas-db-$round.log" 2>&1 ||
      { cat "$dir/pandas-db-$round.log" >&2; fail "[$scale x] pandas against PostgreSQL failed"; }
    end=$(now)
    calc "$end - $start" >>"$dir/pdb_wall"
    times=$(grep '^TIMES ' "$dir/pandas-db-$round.log")
    field read "$times" >>"$dir/pdb_read"
    field compute "$times" >>"$dir/pdb_compute"
    field write "$times" >>"$dir/pdb_write"
  done

  # Both sides must have seen the same bars, and stockpipe must have a row for every one.
  local version names feature_rows
  version=$("${PSQL[@]}" -At -c \
    "SELECT version FROM feature_set WHERE normalisation = 'none' ORDER BY created_at DESC LIMIT 1")
  [ -n "$version" ] || fail "[$scale x] no raw feature set in feature_set"
  names=$("${PSQL[@]}" -At -c \
    "SELECT array_to_string(feature_names, ',') FROM feature_set WHERE version = '$version'")
  feature_rows=$("${PSQL[@]}" -At -c \
    "SELECT count(*) FROM feature_row WHERE feature_set_version = '$version'")
  [ "$pandas_rows" -eq "$bars" ] ||
    fail "[$scale x] pandas computed $pandas_rows rows, price_bar holds $bars: not the same bars"
  [ "$feature_rows" -eq "$bars" ] ||
    fail "[$scale x] feature_row holds $feature_rows rows of $version, price_bar $bars"

  echo "[$scale x] comparing a sample ..." >&2
  local sample
  sample=$(tail -n +2 "$dir/pandas-sample.csv" | cut -d, -f1 | sort -u | sed "s/.*/'&'/" | paste -sd,)
  "${PSQL[@]}" -c "\\copy (SELECT symbol, trade_date, features FROM feature_row WHERE feature_set_version = '$version' AND symbol IN ($sample) ORDER BY symbol, trade_date) TO '$dir/stockpipe-sample.csv' WITH (FORMAT csv)"
  "$PY" "$PANDAS" --compare "$dir/pandas-sample.csv" --stockpipe-csv "$dir/stockpipe-sample.csv" \
    --stockpipe-names "$names" >"$dir/compare.log" 2>&1 || {
    cat "$dir/compare.log" >&2
    fail "[$scale x] stockpipe and pandas features DIFFER (details above, files in $dir)"
  }
  cat "$dir/compare.log" >&2

  # Every value of pandas' tables against stockpipe's, in the database: the same rule as above.
  echo "[$scale x] comparing every row of pandas' tables with stockpipe's ..." >&2
  local every labels_differ unmatched_rows all_values null_values differ_values worst_value
  every=$("${PSQL[@]}" -At -F' ' -c "
    WITH pairs AS (
      SELECT f.features AS a, p.features AS b
      FROM (SELECT * FROM feature_row WHERE feature_set_version = '$version') f
      FULL JOIN pandas_feature_row p USING (symbol, trade_date)),
    unmatched AS (SELECT count(*) FILTER (WHERE a IS NULL OR b IS NULL) AS n FROM pairs),
    vals AS (
      SELECT count(*) AS n, count(*) FILTER (WHERE x IS NULL) AS nulls,
             count(*) FILTER (WHERE (x IS NULL) <> (y IS NULL)
                                 OR abs(x - y) > 1e-9 * greatest(1, abs(x))) AS differ,
             coalesce(max(abs(x - y) / greatest(1, abs(x))), 0) AS worst
      FROM pairs, unnest(a, b) AS u(x, y) WHERE a IS NOT NULL AND b IS NOT NULL)
    SELECT unmatched.n, vals.n, vals.nulls, vals.differ, vals.worst FROM unmatched, vals")
  labels_differ=$("${PSQL[@]}" -At -c "
    SELECT count(*) FROM label_row l FULL JOIN pandas_label_row p USING (symbol, trade_date)
    WHERE l.symbol IS NULL OR p.symbol IS NULL
       OR l.next_return_1d IS DISTINCT FROM p.next_return_1d
       OR l.forward_return_5d IS DISTINCT FROM p.forward_return_5d")
  read -r unmatched_rows all_values null_values differ_values worst_value <<<"$every"
  [ "$unmatched_rows" -eq 0 ] && [ "$differ_values" -eq 0 ] && [ "$labels_differ" -eq 0 ] ||
    fail "[$scale x] pandas' tables differ from stockpipe's: $unmatched_rows feature rows in one only, $differ_values values differ, $labels_differ label rows differ"
  "${PSQL[@]}" -c "DROP TABLE pandas_feature_row, pandas_label_row"
  stop_db

  local sp_wall sp_job pd_total
  sp_wall=$(median <"$dir/sp_wall")
  sp_job=$( [ -s "$dir/sp_job" ] && median <"$dir/sp_job" || echo "")
  pd_total=$(median <"$dir/pd_total")
  {
    echo "bars=$bars"
    echo "symbols=$symbols"
    echo "version=$version"
    echo "ingest=$ingest_s"
    echo "sp_wall=$sp_wall"
    echo "sp_job=$sp_job"
    echo "sp_rounds=$(paste -sd' ' "$dir/sp_wall")"
    echo "pd_read=$(median <"$dir/pd_read")"
    echo "pd_compute=$(median <"$dir/pd_compute")"
    echo "pd_write=$(median <"$dir/pd_write")"
    echo "pd_total=$pd_total"
    echo "pd_rounds=$(paste -sd' ' "$dir/pd_total")"
    echo "ratio=$(calc "$sp_wall / $pd_total")"
    echo "ratio_job=$([ -n "$sp_job" ] && calc "$sp_job / $pd_total" || echo "-")"
    echo "ratio_compute=$(calc "$sp_wall / $(median <"$dir/pd_compute")")"
    echo "compare=$(sed -n 's/^COMPARE //p' "$dir/compare.log")"
    echo "pdb_read=$(median <"$dir/pdb_read")"
    echo "pdb_compute=$(median <"$dir/pdb_compute")"
    echo "pdb_write=$(median <"$dir/pdb_write")"
    echo "pdb_wall=$(median <"$dir/pdb_wall")"
    echo "pdb_rounds=$(paste -sd' ' "$dir/pdb_wall")"
    echo "ratio_same_job=$(calc "$sp_wall / $(median <"$dir/pdb_wall")")"
    echo "every=$all_values values in $bars rows ($null_values NULL), largest |difference| / max(1, |value|) $worst_value: 0 differ; labels: $labels_differ of $bars rows differ"
    echo "sample=$(sed -n 's/^sample: .* symbols: //p' "$dir/pandas-1.log")"
  } >"$dir/result"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for scale in $SCALES; do
  bench_scale "$scale"
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

get() { sed -n "s/^$2=//p" "$WORK/${1}x/result"; }
target() {
  local scale=$1 ratio
  ratio=$(get "$scale" ratio)
  if [ "$scale" -eq 1 ]; then
    awk "BEGIN { exit !($ratio <= 2) }" && echo "≤ 2×: met" || echo "≤ 2×: **missed**"
  elif [ "$scale" -eq 10 ]; then
    awk "BEGIN { exit !($ratio < 1) }" && echo "< 1×: met" || echo "< 1×: **missed**"
  else
    echo "-"
  fi
}
spark="$(find "$ROOT/app/target/lib" -name 'spark-sql_*.jar' 2>/dev/null | head -1 |
  sed -E 's/.*spark-sql_([0-9.]+)-([0-9.]+)\.jar/Spark \2 (Scala \1)/' || true)"

mkdir -p "$(dirname "$RESULTS")"
{
  cat <<MD
# Feature benchmark

\`bench/features.sh\` on $(date -u +%Y-%m-%d): the 35 features of feature set \`$(get "${SCALES%% *}" version)\`
for every bar, by \`stockpipe features --all --spark-master $MASTER\` and by
\`bench/features_pandas.py\` (the same definitions in pandas, one process), on the same bars, same
machine, same run. Median of $ROUNDS round(s) each.

Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')),
$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB; $(java -version 2>&1 | head -1);
${spark:-Spark (version not found)}; $VERSIONS. Load average $LOAD_BEFORE before, $LOAD_AFTER
after (other work on the machine makes the timings noisy).

| scale | symbols | bars | stockpipe features, whole command (s) | its job's own time (s) | pandas read (s) | pandas compute (s) | pandas read + compute (s) | stockpipe / pandas | target |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---|
MD
  for scale in $SCALES; do
    job=$(get "$scale" sp_job)
    echo "| ${scale}× | $(get "$scale" symbols) | $(get "$scale" bars) | $(get "$scale" sp_wall) | ${job:-not printed} | $(get "$scale" pd_read) | $(get "$scale" pd_compute) | $(get "$scale" pd_total) | $(get "$scale" ratio) | $(target "$scale") |"
  done
  cat <<MD

The ratio is stockpipe's whole command (JVM and Spark start, read from PostgreSQL, compute, write
feature_row and label_row) over pandas reading the same CSV files that stockpipe ingested and
computing the features. Not in it, for reference:

| scale | stockpipe job's own time / pandas read + compute | stockpipe command / pandas compute alone | pandas writing its frame (pickle, s) | stockpipe ingest of the files (s) |
|---|---:|---:|---:|---:|
MD
  for scale in $SCALES; do
    echo "| ${scale}× | $(get "$scale" ratio_job) | $(get "$scale" ratio_compute) | $(get "$scale" pd_write) | $(get "$scale" ingest) |"
  done
  cat <<MD

Rounds (seconds): $(for s in $SCALES; do printf '%s×: stockpipe %s, pandas %s. ' "$s" "$(get "$s" sp_rounds)" "$(get "$s" pd_rounds)"; done)

pandas (\`bench/features_pandas.py\`): one process, per-file \`read_csv\`, vectorised over all
symbols at once: pandas' rolling kernels with a window that stops at the symbol's first row, numpy
lags and truncated EMAs masked by the row's position in its symbol. Its docstring maps every
definition.

## The same job in pandas

The headline compares unlike jobs: stockpipe reads price_bar from PostgreSQL and writes 35-value
rows, keyed, back into it; pandas above reads CSV files and keeps its frame in memory. Here
\`features_pandas.py --db\` does what \`stockpipe features --all\` does, written the fast way
for pandas: price_bar by one \`COPY ... TO STDOUT\` (csv) into \`read_csv\`, the same compute,
then feature rows and labels by binary \`COPY\` (numpy-built records) into two new tables, keyed
and analysed in one transaction, as stockpipe's full build does before its swap. Both whole
commands, interpreter and JVM start included.

| scale | pandas read price_bar (s) | compute (s) | write, key, analyse both tables (s) | pandas whole command (s) | stockpipe whole command (s) | stockpipe / pandas, same job |
|---|---:|---:|---:|---:|---:|---:|
MD
  for scale in $SCALES; do
    echo "| ${scale}× | $(get "$scale" pdb_read) | $(get "$scale" pdb_compute) | $(get "$scale" pdb_write) | $(get "$scale" pdb_wall) | $(get "$scale" sp_wall) | $(get "$scale" ratio_same_job) |"
  done
  cat <<MD

Rounds (seconds, pandas whole command): $(for s in $SCALES; do printf '%s×: %s. ' "$s" "$(get "$s" pdb_rounds)"; done)

## Same values

Both sides read the same bars: pandas drops the rows that stockpipe's ingest refuses (high < low,
open or close outside [low, high]: the data's 12 corrupt bars, and at 10× their copies), and its
row count equals price_bar's. feature_row has a row for every bar. For a fixed sample of symbols
(the data's quirky ones: gaps, close-only bars, refused bars, a split, a 44-bar history, a dotted
ticker; at 10× replicas too; the rest evenly spaced), every feature of every date was compared:
NULL must meet NaN, and values must agree within 1e-9 × max(1, |value|) (relative beyond 1,
absolute below: the features module's ReferenceCheck rule; a purely relative bound fails between
two correct implementations where a value is near 0, e.g. boll_pctb_20 at the lower band).

MD
  for scale in $SCALES; do
    echo "- ${scale}×: $(get "$scale" compare). Sample: $(get "$scale" sample)."
  done
  cat <<MD

Every row of pandas' tables (\`--db\`) against stockpipe's, in the database, by the same rule;
labels exactly:

MD
  for scale in $SCALES; do
    echo "- ${scale}×: $(get "$scale" every)."
  done
  cat <<MD

Targets (issue): stockpipe ≤ 2× pandas' time at 1×, ahead of pandas (< 1×) at 10×.
MD
} >"$RESULTS"
cat "$RESULTS"
