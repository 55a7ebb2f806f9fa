#!/usr/bin/env bash
# Partner dashboard tests: the core partner adapters, the relay's /partner/* routes (fake
# partner API on loopback), then end to end in headless Chromium: builds dist/
# (scripts/build-web.sh), starts `ratelink-relay demo` with a known demo partner key, runs
# tests/e2e-dashboard/*.test.mjs, and finally greps dist/ and the relay log for the key.
# No internet needed once tests/e2e/node_modules is installed (npm ci, from the lock file).
# Environment: RATELINK_SKIP_BUILD=1 reuses dist/ and the relay binary as they are.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "test-dashboard: $*" >&2; }

log "cargo test (core partner adapters, relay partner routes, dashboard crate)"
cargo test -p ratelink-core --test partner
cargo test -p ratelink-relay --test partner_api --test partner_secrets --test partner_demo --test partner_abuse
cargo test -p ratelink-dashboard --lib

if [[ "${RATELINK_SKIP_BUILD:-0}" != 1 ]]; then
  scripts/build-web.sh
  cargo build -p ratelink-relay
fi
relay="${CARGO_TARGET_DIR:-$root/target}/debug/ratelink-relay"
[[ -x "$relay" ]] || { log "missing $relay"; exit 1; }
[[ -f dist/ratelink-dashboard.js ]] || { log "missing dist/ratelink-dashboard.js (run scripts/build-web.sh)"; exit 1; }

if [[ ! -d tests/e2e/node_modules/playwright-core || ! -d tests/e2e/node_modules/axe-core ]]; then
  log "npm ci (tests/e2e, shared with the widget's browser tests)"
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi

mkdir -p target/e2e-dashboard
key="KEY-SENTINEL-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
base="http://127.0.0.1:$port"
relay_log="target/e2e-dashboard/relay.log"
RUST_LOG=debug RATELINK_DEMO_PARTNER_KEY="$key" "$relay" demo --listen "127.0.0.1:$port" --assets dist >"$relay_log" 2>&1 &
relay_pid=$!
trap 'kill "$relay_pid" 2>/dev/null || true; wait "$relay_pid" 2>/dev/null || true' EXIT

password=""
for _ in $(seq 1 100); do
  password="$(sed -n 's/.*partner dashboard .*(password: \([0-9a-f]*\)).*/\1/p' "$relay_log" | head -1)"
  if [[ -n "$password" ]] && curl -fsS -o /dev/null "$base/dashboard.html"; then break; fi
  if ! kill -0 "$relay_pid" 2>/dev/null; then log "relay exited:"; cat "$relay_log" >&2; exit 1; fi
  sleep 0.1
done
[[ -n "$password" ]] || { log "no dashboard password printed"; cat "$relay_log" >&2; exit 1; }
log "relay demo on $base"

(cd tests/e2e-dashboard && RATELINK_E2E_BASE="$base" RATELINK_E2E_PASSWORD="$password" RATELINK_E2E_KEY="$key" \
  RATELINK_E2E_SHOTS="$root/target/e2e-dashboard" node --test --test-concurrency=1 ./*.test.mjs)

kill "$relay_pid" 2>/dev/null || true
wait "$relay_pid" 2>/dev/null || true
trap - EXIT

# The key must appear in no bundle file and no relay log line (the log must show partner calls).
if grep -rl -- "$key" dist/ >&2; then log "FAIL: the partner key is in dist/"; exit 1; fi
grep -q "partner API call" "$relay_log" || { log "FAIL: no partner API call was logged"; exit 1; }
if grep -n -- "$key" "$relay_log" >&2; then log "FAIL: the partner key is in the relay log"; exit 1; fi
if grep -n "api_key" "$relay_log" >&2; then log "FAIL: an upstream query string is in the relay log"; exit 1; fi
log "ok: key absent from dist/ and the relay log ($(grep -c 'partner API call' "$relay_log") partner calls logged)"
