#!/usr/bin/env bash
# CI size budget: fails when a widget's pre-render download (loader + glue + wasm, brotli)
# exceeds its budget, for each app bundle. Goal 90 KiB (not reached). Budgets (each the measured
# figure plus 3 KiB, rounded up; docs/performance.md, "Download before the first render"):
# - lean bundle (`full`/`compact` layouts, what most widgets load): 133 KiB (132,175 B measured)
# - compare bundle (`layout="compare"`): 138 KiB (137,362 B measured)
# Usage: scripts/check-size.sh [DIST]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lean_kib="${RATELINK_SIZE_BUDGET_KIB:-133}"
compare_kib="${RATELINK_COMPARE_SIZE_BUDGET_KIB:-138}"
dist="${1:-$root/dist}"
"$root/bench/size.sh" --no-top "$dist"
status=0
for which in lean compare; do
  if [[ "$which" == lean ]]; then budget_kib="$lean_kib"; else budget_kib="$compare_kib"; fi
  total="$("$root/bench/size.sh" --total-brotli "$which" "$dist")"
  budget=$((budget_kib * 1024))
  if (( total > budget )); then
    echo "check-size: FAIL: $which bundle $total B brotli > budget $budget B ($budget_kib KiB)" >&2
    status=1
  else
    echo "check-size: ok: $which bundle $total B brotli <= budget $budget B ($budget_kib KiB)"
  fi
done
exit "$status"
