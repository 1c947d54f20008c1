#!/usr/bin/env bash
# Benchmark: `stockpipe predict --date D` for 500 symbols, the target being under 1 s after the
# model is loaded (reading the features of D, inference, ranking and the upsert into prediction),
# for a dense and a CNN model. The 500 symbols are the 455 files of ../shared/data/prices plus 45
# of them again under new tickers (TICKER_R1); a small model of each kind is trained on 2017 so
# that there is something to load. Timings are what the command itself prints, in a fresh JVM per
# run, ROUNDS runs each; results in bench/results/predict.md.
#
#   bench/predict.sh [PRICES_DIR]
#
# Environment: ROUNDS (5), BENCH_PORT (54343).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(cd "${1:-$ROOT/../shared/data/prices}" && pwd)"
ROUNDS="${ROUNDS:-5}"
WORK="$ROOT/bench/work/predict"
export STOCKPIPE_HOME="$WORK/home"
export STOCKPIPE_DB_PORT="${BENCH_PORT:-54343}"
unset STOCKPIPE_DB_URL STOCKPIPE_DB_USER STOCKPIPE_DB_PASSWORD
SP="$ROOT/stockpipe"
RESULTS="$ROOT/bench/results/predict.md"
DATE=2018-02-07

rm -rf "$WORK" && mkdir -p "$WORK/prices"
cp "$DATA"/*.csv "$WORK/prices/"
for file in $(ls "$DATA"/*.csv | head -n $((500 - $(ls "$DATA"/*.csv | wc -l)))); do
  cp "$file" "$WORK/prices/$(basename "$file" .csv)_R1.csv"
done
"$SP" --version >/dev/null # builds if needed
"$SP" db start >/dev/null
trap '"$SP" db stop >/dev/null || true' EXIT

echo "preparing: ingest, features from 2016-10-03, a dense and a CNN model trained on 2017 ..." >&2
"$SP" ingest --source "csv:$WORK/prices" >"$WORK/prepare.log" 2>&1
"$SP" features --from 2016-10-03 --to $DATE >>"$WORK/prepare.log" 2>&1
for arch in dense cnn; do
  "$SP" train --model $arch --from 2017-01-03 --to 2017-12-29 --epochs 2 >"$WORK/train-$arch.log" 2>&1
done
id_of() { sed -nE "s/^([0-9]+) +$1-.*/\1/p" "$WORK/train-$1.log" | head -n 1; }

declare -A MEDIAN LOAD SYMBOLS
for arch in dense cnn; do
  id=$(id_of $arch)
  : >"$WORK/runs-$arch"
  for ((round = 1; round <= ROUNDS; round++)); do
    line=$("$SP" predict --date $DATE --model "$id" --top 0 | head -n 1)
    echo "$arch: $line" >&2
    sed -nE 's/.*loaded in ([0-9.]+) s, predicted and stored in ([0-9.]+) s.*/\1 \2/p' <<<"$line" \
      >>"$WORK/runs-$arch"
    SYMBOLS[$arch]=$(sed -nE 's/^([0-9]+) predictions.*/\1/p' <<<"$line")
  done
  MEDIAN[$arch]=$(awk '{print $2}' "$WORK/runs-$arch" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  LOAD[$arch]=$(awk '{print $1}' "$WORK/runs-$arch" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
done

{
  echo "# Predicting 500 symbols for one date"
  echo
  echo "Written by \`bench/predict.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -n 1))."
  echo "\`stockpipe predict --date $DATE --model ID\`, a fresh JVM per run, median of $ROUNDS runs."
  echo "After the model is loaded: read the features of the date (and the CNN's 20-day window),"
  echo "inference, ranking and the upsert into \`prediction\`. Target: under 1 s."
  echo
  echo "| model | symbols predicted | load from registry (s) | predict after load (s) | target met |"
  echo "|---|---|---|---|---|"
  for arch in dense cnn; do
    met=$(awk -v t="${MEDIAN[$arch]}" 'BEGIN { print (t < 1.0) ? "yes" : "no" }')
    echo "| $arch | ${SYMBOLS[$arch]} | ${LOAD[$arch]} | ${MEDIAN[$arch]} | $met |"
  done
  echo
  echo "Every run (load s, predict s):"
  echo
  for arch in dense cnn; do
    echo "- $arch: $(tr '\n' ';' <"$WORK/runs-$arch" | sed 's/;$//; s/;/; /g')"
  done
} >"$RESULTS"
cat "$RESULTS"
