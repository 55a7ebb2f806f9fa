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
run "no declared but unused dependency in any crate" node scripts/check-unused-deps.mjs
run "host tests (core, relay, widget logic, dashboard logic)" cargo test --workspace --locked --no-fail-fast
run "widget components in headless Chromium" bash scripts/test-widget-wasm.sh
run "web build (widget + dashboard bundles)" bash scripts/build-web.sh
run "size budget" bash scripts/check-size.sh
# dist/ and the debug relay binary were just built by the steps above.
run "widget end to end in headless Chromium" env RATELINK_SKIP_BUILD=1 bash scripts/test-widget-e2e.sh
run "dashboard end to end in headless Chromium" env RATELINK_SKIP_BUILD=1 bash scripts/test-dashboard.sh

printf '\n'
for f in "${failures[@]}"; do printf 'FAILED: %s\n' "$f"; done
printf 'suites: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
