#!/bin/sh
# Machine instructions per read of the widget's feed reader in wasm, counted by callgrind in one
# Node thread (--single-threaded): with V8's baseline compiler only (--liftoff-only, the code a
# page runs first, before tier-up) and its optimizing compiler only (--no-liftoff). Counts, not
# times, so the figure does not move with the machine's load. Each figure is
# (Ir of 5 reads - Ir of 1 read) / 4: startup, compilation and the first read's memory growth
# cancel out. Needs valgrind. Slow (~1 min per mode). Usage: bench/read-wasm-ir.sh [WASM]
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
wasm="${1:-}"
if [ -z "$wasm" ]; then
  (cd "$root/bench/read-wasm" && cargo build --quiet --release --target wasm32-unknown-unknown --lib)
  wasm="$root/bench/read-wasm/target/wasm32-unknown-unknown/release/ratelink_bench_read_wasm.wasm"
fi
ir() {
  valgrind --tool=callgrind --smc-check=all --callgrind-out-file=/dev/null \
    node "$1" --single-threaded "$root/bench/read-wasm-ir.mjs" "$wasm" "$2" 2>&1 |
    awk '/refs:/ {gsub(",", "", $NF); print $NF}'
}
for mode in --liftoff-only --no-liftoff; do
  five=$(ir "$mode" 5)
  one=$(ir "$mode" 1)
  echo "read-wasm-ir: $mode: $(( (five - one) / 4 )) instructions per read (5,000 directions)"
done
