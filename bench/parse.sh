#!/bin/sh
# Parse throughput of 5,000-direction feeds in every format, as MB/s and as a ratio to
# serde_json::from_slice::<serde_json::Value> on the same directions as JSON.
# Usage: bench/parse.sh [DIRECTIONS]   (host only; not part of CI)
set -eu
cd "$(dirname "$0")/parse"
cargo run --quiet --release -- "${1:-5000}"
