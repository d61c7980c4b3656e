#!/usr/bin/env bash
# Run `paiban roster --nrp` on every benchmark instance, one at a time, and print a markdown
# table of penalty vs best-known (gap %). Usage, from the repository root:
#   benches/roster_nrp.sh [SECONDS=60] [SEED=1] [DATA_DIR=../shared/data/nrp] [WORKERS=1]
# SECONDS sets the work budget per search (its calibrated equivalent, `--print-work-for-seconds`)
# and a cap of ten times it, so that on a loaded machine the budget, not the clock, ends the
# run and the result is the one every machine (and wasm) gets for that budget.
set -euo pipefail
secs=${1:-60}
seed=${2:-1}
data=${3:-../shared/data/nrp}
workers=${4:-1}
cargo build --release --quiet
bin=target/release/paiban
cap=$(awk -v s="$secs" 'BEGIN { print 10 * s }')
echo "| instance | best known | penalty | gap % | feasible | work | stopped by | seconds |"
echo "|---|---:|---:|---:|---|---:|---|---:|"
tail -n +2 "$data/best_known.csv" | while IFS=, read -r name _days _staff _types best; do
  work=$("$bin" roster --nrp "$data/$name.txt" --print-work-for-seconds "$secs")
  out=$("$bin" roster --nrp "$data/$name.txt" --work "$work" --time-limit-seconds "$cap" \
    --seed "$seed" --workers "$workers" || true)
  pen=$(printf '%s\n' "$out" | sed -n 's/^  "penalty": \([0-9]*\),$/\1/p')
  feas=$(printf '%s\n' "$out" | sed -n 's/^  "feasible": \([a-z]*\),$/\1/p')
  iters=$(printf '%s\n' "$out" | sed -n 's/^  "iterations": \([0-9]*\),$/\1/p')
  stop=$(printf '%s\n' "$out" | sed -n 's/^  "stopped_by": "\([a-z_]*\)",$/\1/p')
  ms=$(printf '%s\n' "$out" | sed -n 's/^  "elapsed_ms": \([0-9]*\)$/\1/p')
  gap=$(awk -v p="$pen" -v b="$best" 'BEGIN { printf "%.2f", 100 * (p - b) / b }')
  secs_used=$(awk -v m="$ms" 'BEGIN { printf "%.1f", m / 1000 }')
  echo "| $name | $best | $pen | $gap | $feas | $iters | $stop | $secs_used |"
done
