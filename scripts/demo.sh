#!/usr/bin/env bash
# Builds the widget and the relay, then runs `ratelink-relay demo` on bundled sample data.
# Extra arguments go to the relay, e.g. `scripts/demo.sh --listen 127.0.0.1:9000`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh demo
bash scripts/build-web.sh
cargo build --profile relay --locked -p ratelink-relay
exec target/relay/ratelink-relay demo --assets dist "$@"
