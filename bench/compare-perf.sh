#!/usr/bin/env bash
# Compare layout's ranking time per keystroke in headless Chromium, 10 exchangers × 5,000
# directions (see bench/compare-perf.mjs). Builds dist/ unless RATELINK_SKIP_BUILD=1; installs
# tests/e2e's npm deps if missing.
# Usage: bench/compare-perf.sh [--runs N] [--exchangers N] [--directions N] [--throttle 1,4]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/browser-prep.sh"
exec node bench/compare-perf.mjs "$root/dist" "$@"
