#!/usr/bin/env bash
# Widget performance in headless Chromium on a 5,000-direction feed (see bench/browser-perf.mjs).
# Builds dist/ unless RATELINK_SKIP_BUILD=1; installs tests/e2e's npm deps if missing.
# Usage: bench/browser-perf.sh [--runs N] [--directions N] [--throttle LIST] [--icons] [--network mobile] [--trace [--profile]]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/browser-prep.sh"
exec node bench/browser-perf.mjs "$root/dist" "$@"
