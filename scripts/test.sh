#!/usr/bin/env bash
# Runs every ratelink test: formatting and lints (host and wasm32), host tests of all crates,
# browser tests of the widget and the dashboard in headless Chromium, the size budget, after
# installing what they need.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

bash scripts/setup.sh test

passed=0
failed=0
failures=()
run() {
  local name="$1"; shift
  printf '\n=== %s\n' "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

run "formatting (cargo fmt --check)" cargo fmt --all --check
run "lints, host (cargo clippy)" cargo clippy --workspace --all-targets --locked -- -D warnings
run "lints, wasm32 crates (cargo clippy)" cargo clippy --target wasm32-unknown-unknown --all-targets --locked -p ratelink -p ratelink-dashboard -p ratelink-parse -- -D warnings
# The visitor widget also ships without its compare layout (build-web.sh's lean app).
run "lints, lean widget (wasm32, no compare feature)" cargo clippy --target wasm32-unknown-unknown --all-targets --locked -p ratelink --no-default-features -- -D warnings
run "widget logic without the compare feature (host)" cargo test -p ratelink --no-default-features --locked --no-fail-fast
run "no declared but unused dependency in any crate" node scripts/check-unused-deps.mjs
run "host tests (core, relay, widget logic, dashboard logic)" cargo test --workspace --locked --no-fail-fast
run "widget components in headless Chromium" bash scripts/test-widget-wasm.sh
# A sentinel partner key in the build's environment: the dashboard suite greps the bundles for it.
RATELINK_TEST_PARTNER_KEY="KEY-SENTINEL-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export RATELINK_TEST_PARTNER_KEY
run "web build (widget + dashboard bundles)" env RATELINK_PARTNER_KEY="$RATELINK_TEST_PARTNER_KEY" \
  RATELINK_DEMO_PARTNER_KEY="$RATELINK_TEST_PARTNER_KEY" bash scripts/build-web.sh
run "a failed web build leaves no stale dist/" bash scripts/test-build-web-fails-clean.sh
run "size budget" bash scripts/check-size.sh
# dist/ and the debug relay binary were just built by the steps above.
run "widget end to end in headless Chromium" env RATELINK_SKIP_BUILD=1 bash scripts/test-widget-e2e.sh
run "dashboard end to end in headless Chromium" env RATELINK_SKIP_BUILD=1 bash scripts/test-dashboard.sh
run "caching edge (nginx from deploy/) in front of the relay" env RATELINK_SKIP_BUILD=1 bash scripts/test-edge.sh

printf '\n'
for f in "${failures[@]}"; do printf 'FAILED: %s\n' "$f"; done
printf 'suites: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
