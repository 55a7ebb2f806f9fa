#!/usr/bin/env bash
# Partner dashboard tests: the core partner adapters, the relay's /partner/* routes (fake
# partner API on loopback), then end to end in headless Chromium: builds dist/
# (scripts/build-web.sh), starts `ratelink-relay demo` with a known demo partner key, runs
# tests/e2e-dashboard/*.test.mjs, and finally greps dist/ and the relay log for the key.
# The key is a sentinel made before the build and put into the build's environment
# (RATELINK_PARTNER_KEY, RATELINK_DEMO_PARTNER_KEY), so a build that baked a key in would be
# caught; a planted copy proves the grep finds it.
# No internet needed once tests/e2e/node_modules is installed (npm ci, from the lock file).
# Environment: RATELINK_SKIP_BUILD=1 reuses dist/ and the relay binary as they are; it then
# needs RATELINK_TEST_PARTNER_KEY, the sentinel that build saw (scripts/test.sh passes it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "test-dashboard: $*" >&2; }

log "cargo test (core partner adapters, relay partner routes, dashboard crate)"
cargo test --locked -p ratelink-core --test partner
cargo test --locked -p ratelink-relay --test partner_api --test partner_secrets --test partner_demo \
  --test partner_abuse --test partner_sessions
cargo test --locked -p ratelink-dashboard --lib

if [[ "${RATELINK_SKIP_BUILD:-0}" != 1 ]]; then
  key="${RATELINK_TEST_PARTNER_KEY:-KEY-SENTINEL-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}"
  RATELINK_PARTNER_KEY="$key" RATELINK_DEMO_PARTNER_KEY="$key" scripts/build-web.sh
  RATELINK_PARTNER_KEY="$key" RATELINK_DEMO_PARTNER_KEY="$key" cargo build --locked -p ratelink-relay
else
  key="${RATELINK_TEST_PARTNER_KEY:-}"
  [[ -n "$key" ]] || { log "RATELINK_SKIP_BUILD=1 needs RATELINK_TEST_PARTNER_KEY: the sentinel key dist/ was built with"; exit 1; }
fi
relay="${CARGO_TARGET_DIR:-$root/target}/debug/ratelink-relay"
[[ -x "$relay" ]] || { log "missing $relay"; exit 1; }
[[ -f dist/ratelink-dashboard.js ]] || { log "missing dist/ratelink-dashboard.js (run scripts/build-web.sh)"; exit 1; }

if [[ ! -d tests/e2e/node_modules/playwright-core || ! -d tests/e2e/node_modules/axe-core ]]; then
  log "npm ci (tests/e2e, shared with the widget's browser tests)"
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi

mkdir -p target/e2e-dashboard
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
# Prints the files under $1 (a directory or file) that hold the key; fails when there are any.
key_free() { ! grep -rl -- "$key" "$1" >&2; }
# Positive control: the same checks on a planted copy must fail.
planted="target/e2e-dashboard/planted"
rm -rf "$planted" && mkdir -p "$planted"
cp dist/ratelink-dashboard.js "$planted/" && printf 'const k="%s";\n' "$key" >>"$planted/ratelink-dashboard.js"
if key_free "$planted" 2>/dev/null; then log "FAIL: the scan missed a key planted in a bundle file"; exit 1; fi
printf 'planted log line api_key=%s\n' "$key" >"$planted/relay.log"
if key_free "$planted/relay.log" 2>/dev/null; then log "FAIL: the scan missed a key planted in a log"; exit 1; fi
rm -rf "$planted"

key_free dist/ || { log "FAIL: the partner key is in dist/"; exit 1; }
grep -q "partner API call" "$relay_log" || { log "FAIL: no partner API call was logged"; exit 1; }
key_free "$relay_log" || { log "FAIL: the partner key is in the relay log"; exit 1; }
if grep -n "api_key" "$relay_log" >&2; then log "FAIL: an upstream query string is in the relay log"; exit 1; fi
log "ok: key absent from dist/ and the relay log, found where planted ($(grep -c 'partner API call' "$relay_log") partner calls logged)"
