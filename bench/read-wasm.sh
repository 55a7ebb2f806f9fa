#!/bin/sh
# The widget's feed reader in wasm under Node: the direct reader against the JSON-tree reader
# it replaced and V8's JSON.parse, same feed, same process (see bench/read-wasm.mjs).
# Usage: bench/read-wasm.sh [--directions N] [--runs N]   (not part of CI)
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$root/bench/read-wasm" && cargo build --quiet --release --target wasm32-unknown-unknown)
exec node "$root/bench/read-wasm.mjs" \
  "$root/bench/read-wasm/target/wasm32-unknown-unknown/release/ratelink_bench_read_wasm.wasm" "$@"
