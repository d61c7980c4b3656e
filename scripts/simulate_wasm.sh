#!/bin/sh
# Wasm figure and cross-platform determinism of the simulator: runs the bench workload
# (24/7 week, 200 agents, ~500k contacts, 10 replications) natively and in wasm under Node and
# prints a checksum of each report; equal checksums = bit-identical results.
set -eu
cd "$(dirname "$0")/simulate_wasm"
TARGET="$(cd ../.. && pwd)/target"
cargo build --release --target-dir "$TARGET" --bin simulate_native_check
cargo build --release --target-dir "$TARGET" --lib --target wasm32-unknown-unknown
"$TARGET/release/simulate_native_check"
node run.mjs "$TARGET/wasm32-unknown-unknown/release/simulate_wasm_check.wasm"
