#!/usr/bin/env bash
# End-to-end widget tests in headless Chromium (/usr/bin/chromium via npm playwright-core):
# builds dist/ (scripts/build-web.sh), starts `ratelink-relay demo` on a free loopback port
# serving it, and runs tests/e2e/*.test.mjs (node's test runner). No internet needed once
# tests/e2e/node_modules is installed (npm ci, from the lock file).
# Usage: scripts/test-widget-e2e.sh [FILE.test.mjs ...] (default: every tests/e2e/*.test.mjs)
# Environment: RATELINK_SKIP_BUILD=1 reuses dist/ and the relay binary as they are.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "test-widget-e2e: $*" >&2; }

if [[ "${RATELINK_SKIP_BUILD:-0}" != 1 ]]; then
  scripts/build-web.sh
  log "cargo build --locked -p ratelink-relay"
  cargo build --locked -p ratelink-relay
fi
relay="${RATELINK_RELAY:-${CARGO_TARGET_DIR:-$root/target}/debug/ratelink-relay}"
[[ -x "$relay" ]] || { log "missing $relay"; exit 1; }
[[ -f dist/ratelink.js ]] || { log "missing dist/ (run scripts/build-web.sh)"; exit 1; }

if [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
  log "npm ci (tests/e2e)"
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi

mkdir -p target/e2e
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
base="http://127.0.0.1:$port"
"$relay" demo --listen "127.0.0.1:$port" --assets dist >target/e2e/relay.log 2>&1 &
relay_pid=$!
trap 'kill "$relay_pid" 2>/dev/null || true; wait "$relay_pid" 2>/dev/null || true' EXIT

# Wait (bounded) until the relay answers; fail with its log if it exits or never does.
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$base/ratelink.js"; then break; fi
  if ! kill -0 "$relay_pid" 2>/dev/null; then log "relay exited:"; cat target/e2e/relay.log >&2; exit 1; fi
  sleep 0.1
done
curl -fsS -o /dev/null "$base/ratelink.js" || { log "relay not answering on $base"; cat target/e2e/relay.log >&2; exit 1; }

log "relay demo on $base"
cd tests/e2e
files=("$@")
((${#files[@]})) || files=(./*.test.mjs)
RATELINK_E2E_BASE="$base" RATELINK_E2E_RELAY="$relay" RATELINK_E2E_SHOTS="$root/target/e2e" node --test --test-concurrency=1 "${files[@]##*/}"
