# Sourced by the browser benches: cd to the repo root (as $root), build dist/ unless
# RATELINK_SKIP_BUILD=1, install tests/e2e's npm deps if missing.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ "${RATELINK_SKIP_BUILD:-0}" != 1 ]]; then scripts/build-web.sh; fi
if [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
