#!/usr/bin/env bash
# The analysts' report on the real shared prices, as an operator would make it: ingest every bar,
# build the features, train a dense model on 2013-02-08..2016-12-30, promote it, backfill
# predict+score+report over the last year (2017-02-08..2018-02-07), then `stockpipe report` for
# 2018-02-07. Renders the page in headless Chromium with no network (the same checks as the
# report's browser test: every chart drawn, no script error, nothing off the machine), keeps a
# screenshot in docs/report-shared.png and writes bench/results/report.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(cd "${1:-$ROOT/../shared/data/prices}" && pwd)"
WORK="$ROOT/bench/work/report"
RESULTS="$ROOT/bench/results/report.md"
export STOCKPIPE_HOME="$WORK/home"
export STOCKPIPE_DB_PORT="${BENCH_PORT:-54347}"
export PGPASSFILE="$STOCKPIPE_HOME/pgpass"
unset STOCKPIPE_DB_URL STOCKPIPE_DB_USER STOCKPIPE_DB_PASSWORD STOCKPIPE_CONFIG
SP="$ROOT/stockpipe"
DAY=2018-02-07
FROM=2017-02-08
CHROMIUM="${STOCKPIPE_CHROMIUM:-/usr/bin/chromium}"
now() { date +%s.%N; }
seconds() { echo "$2 - $1" | bc | xargs printf '%.1f'; }

rm -rf "$WORK" && mkdir -p "$WORK" "$ROOT/docs"
"$SP" --version >/dev/null # builds if needed, outside the timings
"$SP" db start >/dev/null
trap '"$SP" db stop --force >/dev/null || true' EXIT

echo "ingest, features, a dense model on 2013-02-08..2016-12-30 ..." >&2
"$SP" ingest --source "csv:$DATA" >"$WORK/prepare.log" 2>&1 || [ $? -eq 3 ]
"$SP" features --all >>"$WORK/prepare.log" 2>&1
"$SP" train --model dense --from 2013-02-08 --to 2016-12-30 --epochs 3 >"$WORK/train.log" 2>&1
MODEL=$(psql -X -q -At -h localhost -p "$STOCKPIPE_DB_PORT" -U postgres -d stockpipe \
  -c "SELECT max(id) FROM model_registry")
"$SP" model promote "$MODEL" >/dev/null

echo "backfill of predict,score,report over $FROM..$DAY ..." >&2
start=$(now)
"$SP" backfill --from $FROM --to $DAY --steps predict,score,report --mode all --here --wait \
  >"$WORK/backfill.log" 2>&1
backfill_seconds=$(seconds "$start" "$(now)")

echo "stockpipe report --date $DAY ..." >&2
OUT="$WORK/report-$DAY"
start=$(now)
"$SP" report --date $DAY --out "$OUT" | tee "$WORK/report.log"
report_seconds=$(seconds "$start" "$(now)")

echo "rendering it in headless Chromium, with no network ..." >&2
FLAGS=(--headless --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --disable-dev-shm-usage
  "--host-resolver-rules=MAP * ~NOTFOUND" --user-data-dir="$WORK/chromium"
  --virtual-time-budget=30000 --run-all-compositor-stages-before-draw)
[ "$(id -u)" -eq 0 ] && FLAGS+=(--no-sandbox)
"$CHROMIUM" "${FLAGS[@]}" --dump-dom "file://$OUT/report.html" >"$WORK/dom.html" 2>"$WORK/chromium.err"
"$CHROMIUM" "${FLAGS[@]}" --hide-scrollbars --window-size=1280,5400 \
  --screenshot="$ROOT/docs/report-shared.png" "file://$OUT/report.html" >>"$WORK/chromium.err" 2>&1
root=$(grep -o '<html[^>]*>' "$WORK/dom.html" | head -1)
expected=$(sed -nE 's/.*data-charts-expected="([0-9]+)".*/\1/p' <<<"$root")
drawn=$(sed -nE 's/.*data-charts-drawn="([0-9]+)".*/\1/p' <<<"$root")
ready=$(sed -nE 's/.*data-report-ready="([a-z]+)".*/\1/p' <<<"$root")
errors=$(sed -nE 's/.*data-js-errors="([^"]*)".*/\1/p' <<<"$root")
off_machine=$({ grep -oiE '(src|href)="[a-z][a-z0-9+.-]*:[^"]*"' "$WORK/dom.html" || true; } |
  { grep -viE '"(data|about):' || true; } | wc -l)
verdict=passed
if [ "$ready" != true ] || [ "$drawn" != "$expected" ] || [ "$errors" != "[]" ] || [ "$off_machine" != 0 ]; then
  verdict=FAILED
fi
bytes=$(stat -c %s "$OUT/report.html")
csvs=$(ls "$OUT"/*.csv | wc -l)

cat >"$RESULTS" <<MD
# The report on the shared data

\`bench/report.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores. Data: \`$(basename "$DATA")/\`, $(ls "$DATA" | wc -l)
symbols, 2013-02-08..2018-02-07. A dense model (\`train --model dense --from 2013-02-08 --to 2016-12-30
--epochs 3\`, promoted), then \`backfill --from $FROM --to $DAY --steps predict,score,report --mode all
--here --wait\` (**$backfill_seconds s**), then \`stockpipe report --date $DAY\`.

| | |
|---|---|
| report command, wall (JVM start included) | $report_seconds s |
| report.html | $bytes bytes (limit 5 MB), $csvs CSV files beside it |
| charts expected / drawn in headless Chromium | $expected / $drawn |
| page ready marker | $ready |
| script errors | $errors |
| src/href off the machine | $off_machine |
| browser check | **$verdict** |

The screenshot in the README is \`docs/report-shared.png\`, taken of this page by the same Chromium.
MD
cat "$RESULTS"
[ "$verdict" = passed ]
