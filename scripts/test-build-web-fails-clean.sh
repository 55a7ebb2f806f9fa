#!/usr/bin/env bash
# A failed web build must leave no dist/ behind (else the size and browser suites would pass on
# the previous build's files). Runs scripts/build-web.sh into a scratch directory holding a stale
# build, with no cargo and an empty target directory so it fails at once, and checks that the
# stale files are gone. Control: the same check first runs on the stale directory and must see
# it. Needs no compiler and no network.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "test-build-web-fails-clean: $*" >&2; }

scratch="$root/target/build-fails-clean"
rm -rf "$scratch"
mkdir -p "$scratch/empty-target"
trap 'rm -rf "$scratch"' EXIT

# A stale build: what the previous, successful run left.
stale() { mkdir -p "$scratch/dist" && echo "stale" >"$scratch/dist/ratelink.js"; }
# True when no stale output is left.
clean() { [[ ! -e "$scratch/dist" ]]; }

# Control: the check sees a stale dist/ when it is there.
stale
if clean; then log "FAIL: the check does not see a stale dist/"; exit 1; fi

# The real case: the build fails (no wasm in an empty target directory).
if RATELINK_DIST="$scratch/dist" RATELINK_NO_CARGO=1 CARGO_TARGET_DIR="$scratch/empty-target" \
  bash scripts/build-web.sh 2>"$scratch/build.log"; then
  log "FAIL: build-web.sh succeeded without a wasm build"; exit 1
fi
grep -q "missing .*ratelink_parse.wasm" "$scratch/build.log" || { log "FAIL: the build failed for another reason:"; cat "$scratch/build.log" >&2; exit 1; }
clean || { log "FAIL: a failed build left the stale dist/ in place"; ls -la "$scratch/dist" >&2; exit 1; }
compgen -G "$scratch/dist.tmp.*" >/dev/null && { log "FAIL: a failed build left its staging directory"; exit 1; }
log "ok: a failed build leaves no dist/"
