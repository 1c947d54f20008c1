#!/usr/bin/env bash
# Benchmark: training and inference throughput of the product's dense net and CNN in DL4J on the
# CPU (NetworkConfig.defaults, Networks.build, Trainer.train, FittedNetwork.predict, driven by
# model's test class io.stockpipe.model.bench.TrainThroughput), with ND4J's generic linux-x86_64
# build and with the -onednn-avx2 build the launcher picks on AVX2 CPUs, against the same networks
# in PyTorch (bench/train_torch.py, Debian's python3-torch), on the same synthetic samples, same
# batches in the same order, same epochs, in the same run. Then the levers that keep the
# benchmark's conditions (threads, buffers, workspaces, ...) on the onednn build.
# Writes bench/results/train.md.
#
#   bench/train.sh
#
# Environment: THREADS (2: OMP_NUM_THREADS for ND4J, torch.set_num_threads), ROUNDS (1; each figure
# is the best of ROUNDS rounds, the sides taking turns), LEVERS (1: the thread levers and the batch
# assembly changes worth making; all: also each half of those, WorkspaceMode.NONE and
# fit(DataSet); 0: none), EPOCHS (3 timed, after WARMUP_EPOCHS 1), SYMBOLS (200, each 500 days;
# fewer for a smoke test), QUIET_LOAD (1.0) and QUIET_WAIT_S (120): before each step, wait up to
# QUIET_WAIT_S for the 1-minute load average to fall below QUIET_LOAD (other work on a 2-core
# machine distorts every figure here), PYTHON (/usr/bin/python3, Debian's torch).
# REPORT_ONLY=1 writes train.md again from the last run's figures without measuring.
#
# On a quiet 2-core machine a round takes ~5 min for the comparison, ~5 min more for LEVERS=1 and
# ~4 min more for LEVERS=all.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-1}"
LEVERS="${LEVERS:-1}"
EPOCHS="${EPOCHS:-3}"
SYMBOLS="${SYMBOLS:-200}"
WARMUP_EPOCHS="${WARMUP_EPOCHS:-1}"
QUIET_LOAD="${QUIET_LOAD:-1.0}"
QUIET_WAIT_S="${QUIET_WAIT_S:-120}"
PY="${PYTHON:-/usr/bin/python3}"
TORCH="$ROOT/bench/train_torch.py"
WORK="$ROOT/bench/work/train"
RAW="$WORK/results.txt"
RESULTS="$ROOT/bench/results/train.md"
ONEDNN=-onednn-avx2
case $LEVERS in
  all) LEVER_VARIANTS="copy prescaled reused-buffers prescaled-reused workspaces-none dataset async-assembly" ;;
  *) LEVER_VARIANTS="copy prescaled-reused async-assembly" ;;
esac

if [ ! -x "$PY" ] || ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch ..." >&2
  apt-get update -qq && apt-get install -y -qq python3-torch >/dev/null
fi
# Debian's torch calls whatever libblas.so.3 resolves to. It must be OpenBLAS's OpenMP build: the
# reference BLAS is several times slower, and OpenBLAS's pthread build (Debian's pick when both are
# installed; python3-pandas brings it) runs its own threads beside torch's OpenMP ones, which on
# 2 cores made torch's 2-thread dense net 2x slower in training and 3x in inference (measured
# 2026-11-30). Either would be a baseline that flatters DL4J. Torch alone is pointed at it.
OPENMP_BLAS=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ ! -e "$OPENMP_BLAS/libblas.so.3" ]; then
  echo "installing Debian's libopenblas0-openmp (torch's BLAS) ..." >&2
  apt-get update -qq && apt-get install -y -qq libopenblas0-openmp >/dev/null
fi
TORCH_ENV=(LD_LIBRARY_PATH="$OPENMP_BLAS")
calc() { awk "BEGIN { printf \"%.2f\\n\", $1 }"; }

if [ "${REPORT_ONLY:-0}" != 1 ]; then
rm -rf "$WORK" && mkdir -p "$WORK"
# model's main and test classes and the classpath, its sibling modules from the reactor (their
# target/classes), outside the timings. dependency:build-classpath runs in every module; model's,
# last in the reactor, is the one left in the file.
build() {
  (cd "$ROOT" && ./mvnw -B -q "$@" -pl model -am -DskipTests test-compile \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath") >&2
}
echo "building model's test classes ..." >&2
build -o || build
grep -q deeplearning4j-nn "$WORK/classpath" || { echo "FAIL: no DL4J on $WORK/classpath" >&2; exit 1; }
CLASSPATH_DL4J="$ROOT/model/target/test-classes:$ROOT/model/target/classes:$(cat "$WORK/classpath")"

# The stockpipe launcher's --add-opens list (Spark's), so that the JVM runs as the product's does.
JAVA_OPTS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
)

now() { date +%s; }
load1() { cut -d' ' -f1 /proc/loadavg; }
wait_quiet() {
  local waited=0
  while awk -v limit="$QUIET_LOAD" '{ exit !($1 >= limit) }' /proc/loadavg &&
    [ "$waited" -lt "$QUIET_WAIT_S" ]; do
    sleep 5
    waited=$((waited + 5))
  done
}

# One measured step: SIDE NAME, then the environment and the command. Its RESULT lines go to $RAW
# with the side and the load average it started under.
STEP=0
step() {
  local side=$1 log
  shift
  STEP=$((STEP + 1))
  log="$WORK/$STEP-$side.log"
  wait_quiet
  local load
  load=$(load1)
  echo "[$side] $(date +%T), load $load ..." >&2
  env "$@" >"$log" 2>&1 || { tail -40 "$log" >&2; echo "FAIL: $side (log: $log)" >&2; exit 1; }
  { grep '^RESULT ' "$log" || true; } |
    sed -E "s/ round=[0-9]+//; s/^RESULT /side=$side round=${ROUND:-0} load=$load /" >>"$RAW"
  grep -h '^BACKEND ' "$log" | sed "s/^BACKEND /side=$side /" >>"$WORK/backends.txt" || true
}
dl4j() { # SIDE EXTENSION OMP_THREADS [ENV=VALUE | -JVM_FLAG ...] -- TrainThroughput ARGS
  local side=$1 extension=$2 threads=$3
  shift 3
  local environment=() jvm_flags=()
  while [ "$1" != "--" ]; do
    case $1 in
      -*) jvm_flags+=("$1") ;;
      *) environment+=("$1") ;;
    esac
    shift
  done
  shift
  # Always explicit: without the property JavaCPP tries the preset's extensions in turn and loads
  # -onednn-avx2 whenever its jar is on the classpath; an empty one means the generic build.
  step "$side" OMP_NUM_THREADS="$threads" "${environment[@]}" java "${JAVA_OPTS[@]}" \
    "${jvm_flags[@]}" -Dorg.bytedeco.javacpp.platform.extension="$extension" \
    -cp "$CLASSPATH_DL4J" io.stockpipe.model.bench.TrainThroughput \
    --epochs "$EPOCHS" --warmup-epochs "$WARMUP_EPOCHS" --symbols "$SYMBOLS" "$@"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
START=$(now)
: >"$RAW"
# The data: written once, read by train_torch.py. Deterministic, so every JVM regenerates it alike.
dl4j export "$ONEDNN" "$THREADS" -- --variants "" --data "$WORK/data"

for ROUND in $(seq "$ROUNDS"); do
  echo "round $ROUND/$ROUNDS" >&2
  # The product path runs as the launcher runs it: JavaCPP's maxPhysicalBytes check off, and
  # Trainer/FittedNetwork put the dense net on one OpenMP thread themselves (NativeThreads).
  dl4j dl4j-onednn "$ONEDNN" "$THREADS" -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -- \
    --variants product,network-only
  step pytorch "${TORCH_ENV[@]}" "$PY" "$TORCH" --data "$WORK/data" --threads "$THREADS"
  dl4j dl4j-generic "" "$THREADS" -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -- --variants product
done

if [ "$LEVERS" != 0 ]; then
  for ROUND in $(seq "$ROUNDS"); do
    echo "levers, round $ROUND/$ROUNDS" >&2
    # Threads, against the headline: one thread as the launcher could set it, the same set from
    # inside the JVM, and $THREADS threads that sleep instead of spinning while they wait.
    dl4j omp-1 "$ONEDNN" 1 -- --variants product
    dl4j set-threads "$ONEDNN" "$THREADS" -- --variants one-thread
    dl4j omp-passive "$ONEDNN" "$THREADS" OMP_WAIT_POLICY=PASSIVE -- --variants product
    step pytorch-1 "${TORCH_ENV[@]}" "$PY" "$TORCH" --data "$WORK/data" --threads 1 \
      --variants product
    # JavaCPP reads /proc/self/statm on every allocation to compare the process size with
    # maxPhysicalBytes; 0 turns that check off (maxBytes still bounds off-heap memory). Then all
    # that helped at once: rows pre-scaled and assembled on the core the network leaves free.
    dl4j best "$ONEDNN" 1 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -- \
      --variants product,async-prescaled
    # The rest on one thread (the best setting here): variants of one copy of Trainer's loop,
    # taking turns in one JVM, against that copy.
    dl4j levers "$ONEDNN" 1 -- --variants "$(echo $LEVER_VARIANTS | tr ' ' ,)"
  done
fi
END=$(now)
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -p ROUNDS LEVERS START END LOAD_BEFORE LOAD_AFTER >"$WORK/run.env"
else
  # REPORT_ONLY=1: write train.md again from the last run's figures, measuring nothing.
  source "$WORK/run.env"
fi

# pick SIDE ARCH VARIANT BY KEY: KEY of the round with the highest BY (train_sps or infer_sps).
pick() {
  awk -v side="$1" -v arch="$2" -v variant="$3" -v by="$4" -v key="$5" '
    { delete f; for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
    f["side"] == side && f["arch"] == arch && f["variant"] == variant && (!n++ || f[by] + 0 > best) {
      best = f[by] + 0; value = f[key]
    }
    END { print (n ? value : "-") }' "$RAW"
}
train() { pick "$1" "$2" "$3" train_sps "${4:-train_sps}"; }
infer() { pick "$1" "$2" "$3" infer_sps "${4:-infer_sps}"; }
best_of() { # the larger of two figures, either may be -
  if [ "$2" = - ]; then echo "$1"; elif [ "$1" = - ]; then echo "$2"; else awk -v a="$1" -v b="$2" 'BEGIN { print (b + 0 > a + 0) ? b : a }'; fi
}
ratio() { if [ "$1" = - ] || [ "$2" = - ]; then echo -; else calc "$1 / $2"; fi; }
target() { # RATIO: the issue's target, DL4J >= 0.8x PyTorch
  if [ "$1" = - ]; then echo -; elif awk "BEGIN { exit !($1 >= 0.8) }"; then echo "met"; else echo "**missed**"; fi
}
share() { if [ "$1" = - ] || [ "$2" = - ]; then echo -; else calc "100 * $1 / ($1 + $2)"; fi; }
side_name() {
  case $1 in
    pytorch) echo "PyTorch $TORCH_VERSION, $THREADS threads" ;;
    pytorch-1) echo "PyTorch $TORCH_VERSION, 1 thread" ;;
    dl4j-onednn) echo "DL4J, ND4J linux-x86_64$ONEDNN (launcher's choice here)" ;;
    dl4j-generic) echo "DL4J, ND4J linux-x86_64 (generic)" ;;
  esac
}
lever_name() {
  case $1 in
    copy) echo "reference: Trainer's loop copied, BatchBuilder per batch" ;;
    prescaled) echo "rows scaled once up front (setup counted), not in every batch that holds them" ;;
    reused-buffers) echo "batches written into INDArrays allocated once, not Nd4j.create per batch" ;;
    prescaled-reused) echo "both: pre-scaled rows copied into reused INDArrays" ;;
    workspaces-none) echo "WorkspaceMode.NONE for training and inference (Networks: ENABLED)" ;;
    dataset) echo "fit(new DataSet(features, labels)) instead of fit(features, labels)" ;;
    async-assembly) echo "batches built on a second thread, 4 ahead, while the network fits" ;;
  esac
}

TORCH_VERSION="$("$PY" -c 'import torch; print(torch.__version__)')"
BLAS="$(basename "$OPENMP_BLAS")"
meta() { sed -n "s/^$2=//p" "$WORK/data/$1-meta.txt"; }

mkdir -p "$(dirname "$RESULTS")"
{
  cat <<MD
# Training benchmark

\`bench/train.sh\` on $(date -u +%Y-%m-%d): the product's two networks (\`NetworkConfig.defaults\`,
\`Networks.build\`), trained by \`Trainer.train\` and run by \`FittedNetwork.predict\` (DL4J 1.0.0-M2.1
on the CPU; \`TrainThroughput\` in model's test sources drives them), against the same networks in
PyTorch (\`bench/train_torch.py\`): same samples, same batches in the same order, same epochs, same
machine, same run. Best of $ROUNDS round(s), the sides taking turns; levers: \`LEVERS=$LEVERS\`;
$(( (END - START) / 60 )) min in all.

Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),
$(grep -m1 -o avx2 /proc/cpuinfo || echo "no avx2")), $(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB; $(java -version 2>&1 | head -1);
$("$PY" "$TORCH" --versions), BLAS: Debian's \`$BLAS\`. Threads: OMP_NUM_THREADS=$THREADS for
ND4J (its default here, one per core), \`torch.set_num_threads($THREADS)\`. Load average $LOAD_BEFORE
before, $LOAD_AFTER after; each step first waited up to ${QUIET_WAIT_S} s for the 1-minute load to fall
below $QUIET_LOAD, and the load it started under is in \`bench/work/train/results.txt\` (other work on
two cores distorts these figures more than anything measured here).

Data: synthetic and deterministic, $(meta dense rows) rows ($SYMBOLS symbols × 500 weekdays) × $(meta dense features)
Gaussian features; label = 0.4 f0 − 0.3 f1 + 0.2 f2·f3 + 0.3 · (5-day mean of f4) + 0.5 · noise.
Scaled by the product's \`InputScaler\` (fitted on the training rows), exported to PyTorch as float32;
PyTorch checks that its first batch is the one \`BatchBuilder\` built. Training: the rows before the
last 50 days (dense $(meta dense training_samples) samples, cnn $(meta cnn training_samples)), shuffled each
epoch by Trainer's shuffle (the same orders on both sides); $WARMUP_EPOCHS warm-up epoch(s), then
$EPOCHS timed. Inference: every sample (dense $(meta dense inference_samples), cnn $(meta cnn inference_samples)) in
batches of $(meta dense inference_batch), as \`FittedNetwork\`; one warm-up pass, then $(meta dense inference_passes) (dense) and $(meta cnn inference_passes) (cnn) timed.

Networks (both sides: Xavier normal weights, zero biases; Adam, lr $(meta dense learning_rate); l2 $(meta dense l2) on weights
as PyTorch's weight_decay; dropout $(meta dense dropout) on each hidden layer's input, as DL4J applies it;
MSE; batch $(meta dense batch_size); float32):
- dense: $(meta dense features) → $(meta dense hidden_units | tr -d '[]' | sed 's/,/ → /g') → 1, ReLU.
- cnn: $(meta cnn features) channels × $(meta cnn window_days) days → conv1d $(meta cnn conv_channels | tr -d '[]' | cut -d, -f1) (kernel $(meta cnn kernel_size), same) → max-pool 2 → conv1d $(meta cnn conv_channels | tr -d '[]' | cut -d, -f2) → global max
  → $(meta cnn hidden_units | tr -d '[]') → 1, ReLU.

## Results

Samples per second, batch assembly included on both sides (DL4J: the product's own
\`BatchBuilder\` per batch; PyTorch: indexing the row tensor per batch). Target (issue): DL4J ≥ 0.8×
PyTorch; the onednn build is the headline, as the launcher runs it. "× PyTorch" is against the
faster of PyTorch's thread settings measured (with \`LEVERS\`, $THREADS threads and 1): the product
picks the dense net's thread count itself (one), so PyTorch gets its best too.

| network | side | training samples/s | × PyTorch | ≥ 0.8× | inference samples/s | × PyTorch | ≥ 0.8× | validation MSE |
|---|---|---:|---:|---|---:|---:|---|---:|
MD
  for arch in dense cnn; do
    torch_train=$(best_of "$(train pytorch "$arch" product)" "$(train pytorch-1 "$arch" product)")
    torch_infer=$(best_of "$(infer pytorch "$arch" product)" "$(infer pytorch-1 "$arch" product)")
    for side in pytorch pytorch-1 dl4j-onednn dl4j-generic; do
      t=$(train "$side" "$arch" product)
      i=$(infer "$side" "$arch" product)
      tr=$(ratio "$t" "$torch_train")
      ir=$(ratio "$i" "$torch_infer")
      if [ "$side" = pytorch-1 ] && [ "$t" = - ]; then
        continue # LEVERS=0: not measured
      elif [ "$side" = pytorch ] || [ "$side" = pytorch-1 ]; then
        echo "| $arch | $(side_name $side) | $t | $tr | | $i | $ir | | $(train $side "$arch" product val_loss) |"
      else
        echo "| $arch | $(side_name $side) | $t | $tr | $(target "$tr") | $i | $ir | $(target "$ir") | $(train $side "$arch" product val_loss) |"
      fi
    done
  done
  cat <<MD

The validation MSE (scaled units, after the last epoch, the last 50 days of every symbol) says
both sides trained the same thing; the weights start from different random draws.

## Where the time goes

"network only": every batch built before the clock starts (DL4J: \`BatchBuilder\`, PyTorch:
indexing), so the samples/s are the network's alone; the assembly seconds are those batches' cost
(timed epochs, or timed passes), and its share is of assembly + network. PyTorch's CNN batch is
a lazy transpose of the gathered rows: in the product path the copy into channels × days happens
inside the first convolution, here it is made before the clock starts (\`contiguous()\`).

| network | side | training: network only, samples/s | assembly (s) | network (s) | assembly share | inference: network only, samples/s | assembly (s) | network (s) | assembly share |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
MD
  for arch in dense cnn; do
    for side in pytorch dl4j-onednn; do
      ta=$(train "$side" "$arch" network-only train_assembly_s)
      tn=$(train "$side" "$arch" network-only train_network_s)
      ia=$(infer "$side" "$arch" network-only infer_assembly_s)
      inet=$(infer "$side" "$arch" network-only infer_network_s)
      echo "| $arch | $(side_name $side) | $(train "$side" "$arch" network-only) | $ta | $tn | $(share "$ta" "$tn") % | $(infer "$side" "$arch" network-only) | $ia | $inet | $(share "$ia" "$inet") % |"
    done
  done
  for arch in dense cnn; do
    echo
    echo "- $arch: the network alone, DL4J onednn / PyTorch: training $(ratio "$(train dl4j-onednn "$arch" network-only)" "$(train pytorch "$arch" network-only)")×, inference $(ratio "$(infer dl4j-onednn "$arch" network-only)" "$(infer pytorch "$arch" network-only)")×; DL4J's batch assembly is $(share "$(train dl4j-onednn "$arch" network-only train_assembly_s)" "$(train dl4j-onednn "$arch" network-only train_network_s)") % of its training time and $(share "$(infer dl4j-onednn "$arch" network-only infer_assembly_s)" "$(infer dl4j-onednn "$arch" network-only infer_network_s)") % of its inference time."
  done
  cat <<MD

Why, measured apart (a step's fixed cost by batch size, native ops per step, oneDNN's kernels,
JavaCPP's per-allocation check): \`bench/train/levers.md\`.
MD
  if [ "$LEVERS" != 0 ]; then
    cat <<MD

## Levers (DL4J, ND4J onednn-avx2; same batch size, epochs and data)

Threads first, against the headline ($THREADS threads, product path); then, on one thread, variants
of one copy of Trainer's loop taking turns in one JVM, against that copy. × PyTorch: against
PyTorch with $THREADS threads / with 1 thread. Notes: \`bench/train/levers.md\`.

| network | lever | training samples/s | × reference | inference samples/s | × reference | × PyTorch, training | × PyTorch, inference |
|---|---|---:|---:|---:|---:|---:|---:|
MD
    for arch in dense cnn; do
      torch_t=$(train pytorch "$arch" product)
      torch_i=$(infer pytorch "$arch" product)
      torch1_t=$(train pytorch-1 "$arch" product)
      torch1_i=$(infer pytorch-1 "$arch" product)
      lever_row() { # SIDE VARIANT REFERENCE_SIDE REFERENCE_VARIANT LABEL
        local t i
        t=$(train "$1" "$arch" "$2")
        i=$(infer "$1" "$arch" "$2")
        echo "| $arch | $5 | $t | $(ratio "$t" "$(train "$3" "$arch" "$4")") | $i | $(ratio "$i" "$(infer "$3" "$arch" "$4")") | $(ratio "$t" "$torch_t") / $(ratio "$t" "$torch1_t") | $(ratio "$i" "$torch_i") / $(ratio "$i" "$torch1_i") |"
      }
      lever_row dl4j-onednn product dl4j-onednn product "headline: product path, $THREADS threads (the dense net sets 1 itself)"
      lever_row omp-1 product dl4j-onednn product "product path, OMP_NUM_THREADS=1"
      lever_row set-threads one-thread dl4j-onednn product \
        "1 thread set inside the JVM (ND4J, OpenMP, OpenBLAS), loop copy"
      lever_row omp-passive product dl4j-onednn product \
        "product path, $THREADS threads, OMP_WAIT_POLICY=PASSIVE"
      lever_row best product dl4j-onednn product \
        "product path, OMP_NUM_THREADS=1, -Dorg.bytedeco.javacpp.maxPhysicalBytes=0"
      lever_row best async-prescaled dl4j-onednn product \
        "levers combined: the line above, rows pre-scaled, batches built on the second core"
      lever_row pytorch-1 product pytorch product "PyTorch, 1 thread (reference: PyTorch, $THREADS threads)"
      for lever in $LEVER_VARIANTS; do
        lever_row levers "$lever" levers copy "1 thread; $(lever_name "$lever")"
      done
    done
  fi
  cat <<MD

Raw figures (every round, with the load each step started under): \`bench/work/train/results.txt\`.
ND4J libraries loaded: $(sed -nE 's/^side=([^ ]+) library=([^ ]+).*/\1: \2/p' "$WORK/backends.txt" | sort -u | paste -sd';' | sed 's/;/; /g').
MD
} >"$RESULTS"
cat "$RESULTS"
