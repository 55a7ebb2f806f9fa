#!/usr/bin/env bash
# The feed a visitor downloads: an exchanger's Premium XML export vs the relay's `/feeds/{name}`
# JSON (and the full `inspect --json` shape) for the same directions; raw, gzip -9, brotli -q 11.
# Usage: bench/feed-size.sh [DIRECTIONS=3000] [FEED_FILE]   (default: bench/gen_feed.py's
# generated export; FEED_FILE measures a real one instead). Host only; not part of CI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-3000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ -n "${2:-}" ]]; then
  cp "$2" "$work/export"
else
  python3 "$root/bench/gen_feed.py" "$n" xml >"$work/export"
fi
(cd "$root" && cargo run --quiet --release -p ratelink-core --example feed_json -- \
  "$work/export" "$work/full.json" "$work/feed.json")

printf "%-44s %10s %10s %10s\n" "file" "raw B" "gzip B" "brotli B"
for row in "exchanger's export|export" "/feeds/{name} (relay, lean JSON)|feed.json" \
  "inspect --json (every field, rate, nulls)|full.json"; do
  label="${row%%|*}" f="$work/${row#*|}"
  printf "%-44s %10s %10s %10s\n" "$label" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" \
    "$(node "$root/scripts/web/brotli-size.mjs" "$f")"
done
