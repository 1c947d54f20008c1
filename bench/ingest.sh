#!/usr/bin/env bash
# Benchmark: `stockpipe ingest` of ../shared/data/prices against psql's \copy of the same rows into
# a table of the same shape (primary key, checks, defaults), on the same embedded PostgreSQL 17, in
# the same run. Writes bench/results/ingest.md.
#
#   bench/ingest.sh [PRICES_DIR] [ROUNDS]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(cd "${1:-$ROOT/../shared/data/prices}" && pwd)"
ROUNDS="${2:-3}"
WORK="$ROOT/bench/work/ingest"
RESULTS="$ROOT/bench/results/ingest.md"
PORT="${BENCH_PORT:-54339}"

if ! command -v psql >/dev/null; then
  echo "installing psql (Debian's postgresql-client) ..." >&2
  apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null
fi

rm -rf "$WORK" && mkdir -p "$WORK"
export STOCKPIPE_HOME="$WORK/home" STOCKPIPE_DB_PORT="$PORT"
unset STOCKPIPE_DB_URL STOCKPIPE_DB_USER STOCKPIPE_DB_PASSWORD
# The embedded server needs a password for every login; psql reads it from the home's pgpass.
export PGPASSFILE="$STOCKPIPE_HOME/pgpass"
"$ROOT/stockpipe" --version >/dev/null # builds if needed, outside the timings
"$ROOT/stockpipe" db start >/dev/null
trap '"$ROOT/stockpipe" db stop >/dev/null' EXIT
PSQL=(psql -X -q -h localhost -p "$PORT" -U postgres -d stockpipe -v ON_ERROR_STOP=1)

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

"${PSQL[@]}" -c "CREATE TABLE bench_copy (LIKE price_bar INCLUDING ALL)"

: >"$WORK/stockpipe_wall" >"$WORK/stockpipe_run" >"$WORK/copy_wall"
for round in $(seq "$ROUNDS"); do
  "${PSQL[@]}" -c "TRUNCATE price_bar, symbol, ingest_reject, ingest_run; CHECKPOINT"
  start=$(now)
  "$ROOT/stockpipe" ingest --source "csv:$DATA" >"$WORK/ingest-$round.log" 2>&1 || {
    code=$?
    # 0 = all files loaded; rows refused by validation are expected in real data.
    [ "$code" -eq 0 ] || { cat "$WORK/ingest-$round.log"; exit "$code"; }
  }
  end=$(now)
  echo "$end - $start" | bc >>"$WORK/stockpipe_wall"
  "${PSQL[@]}" -At -c "SELECT extract(epoch FROM finished_at - started_at) FROM ingest_run" \
    >>"$WORK/stockpipe_run"

  if [ "$round" -eq 1 ]; then
    # \copy gets exactly the rows stockpipe accepted, as one CSV with the symbol column (made
    # outside the timing): \copy cannot skip the real data's corrupt bars, which the table's
    # checks refuse.
    "${PSQL[@]}" -c "\\copy (SELECT symbol, trade_date, open, high, low, close, volume, source FROM price_bar ORDER BY symbol, trade_date) TO '$WORK/all.csv' WITH (FORMAT csv)"
  fi
  "${PSQL[@]}" -c "TRUNCATE bench_copy; CHECKPOINT"
  start=$(now)
  "${PSQL[@]}" -c "\\copy bench_copy (symbol, trade_date, open, high, low, close, volume, source) FROM '$WORK/all.csv' WITH (FORMAT csv)"
  end=$(now)
  echo "$end - $start" | bc >>"$WORK/copy_wall"
done

durability=$("${PSQL[@]}" -At -c "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
rows_read=$("${PSQL[@]}" -At -c "SELECT rows_read FROM ingest_run")
rows=$("${PSQL[@]}" -At -c "SELECT count(*) FROM price_bar")
copy_rows=$("${PSQL[@]}" -At -c "SELECT count(*) FROM bench_copy")
[ "$rows" -eq "$copy_rows" ] || { echo "row counts differ: $rows vs $copy_rows" >&2; exit 1; }
sp_wall=$(median <"$WORK/stockpipe_wall")
sp_run=$(median <"$WORK/stockpipe_run")
copy_wall=$(median <"$WORK/copy_wall")
rate() { echo "$1 / $2" | bc -l | xargs printf '%.0f'; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }

cat >"$RESULTS" <<MD
# Ingest benchmark

\`bench/ingest.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1),
embedded PostgreSQL 17 as the product runs it ($durability, read from the server during the run),
median of $ROUNDS rounds, each into empty tables.

Input: \`$(basename "$DATA")/\`, $(ls "$DATA" | wc -l) files, $rows_read rows; $rows valid rows loaded
(the rest are the data's corrupt bars, refused and recorded in \`ingest_reject\`).

| what | seconds | rows/s | ratio to \\copy |
|---|---:|---:|---:|
| psql \`\\copy\` of the same $rows rows, one CSV, into a table of price_bar's shape | $copy_wall | $(rate "$rows" "$copy_wall") | 1.00 |
| \`stockpipe ingest\`, the ingest run itself (\`ingest_run\` start to finish): read, validate, load, audit | $sp_run | $(rate "$rows" "$sp_run") | $(ratio "$copy_wall" "$sp_run") |
| \`stockpipe ingest\`, whole command (JVM start, connect, schema check included) | $sp_wall | $(rate "$rows" "$sp_wall") | $(ratio "$copy_wall" "$sp_wall") |

Rounds (seconds): stockpipe run $(paste -sd' ' "$WORK/stockpipe_run"); stockpipe command
$(paste -sd' ' "$WORK/stockpipe_wall" | xargs printf '%.2f '); \\copy $(paste -sd' ' "$WORK/copy_wall" | xargs printf '%.2f ').

Target (issue 3): stockpipe ≥ 0.8× the \\copy rate, validation included.
MD
cat "$RESULTS"
