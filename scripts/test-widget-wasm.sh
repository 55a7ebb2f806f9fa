#!/usr/bin/env bash
# Widget component tests (tests/web.rs) in headless Chromium through wasm-bindgen-test-runner.
# Needs the wasm32 target, wasm-bindgen-cli at the version pinned in Cargo.toml, chromium and
# chromedriver (scripts/setup.sh installs them). Chromium flags come from webdriver.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
log() { echo "test-widget-wasm: $*" >&2; }

pinned="$(grep -oE 'wasm-bindgen = "=[0-9.]+"' Cargo.toml | grep -oE '[0-9]+\.[0-9]+\.[0-9]+')"
have="$(wasm-bindgen-test-runner --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' || true)"
if [[ "$have" != "$pinned" ]]; then
  log "wasm-bindgen-test-runner $have found, $pinned needed (cargo install wasm-bindgen-cli --version $pinned --locked)"
  exit 1
fi
driver="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}"
[[ -x "$driver" ]] || { log "chromedriver not found (set CHROMEDRIVER)"; exit 1; }

export CHROMEDRIVER="$driver"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# Chromium refuses to start as root without --no-sandbox: webdriver.json carries the flags.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
cargo test --target wasm32-unknown-unknown -p ratelink --test web "$@"
