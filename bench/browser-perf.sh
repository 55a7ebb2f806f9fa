#!/usr/bin/env bash
# Widget performance in headless Chromium on a 5,000-direction feed (see bench/browser-perf.mjs).
# Builds dist/ unless RATELINK_SKIP_BUILD=1; installs tests/e2e's npm deps if missing.
# Usage: bench/browser-perf.sh [--runs N] [--directions N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${RATELINK_SKIP_BUILD:-0}" != 1 ]]; then scripts/build-web.sh; fi
if [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
exec node bench/browser-perf.mjs "$root/dist" "$@"
