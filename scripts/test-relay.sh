#!/usr/bin/env bash
# Relay tests: unit tests plus real HTTP on 127.0.0.1 (scripted upstream, faults, CORS, codings,
# restarts, the CLI). No internet needed. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo test --locked -p ratelink-relay "$@"
