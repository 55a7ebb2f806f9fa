#!/usr/bin/env bash
# Prints raw, gzip -9 and brotli -q 11 sizes of what a visitor downloads before the widget's
# first render, feed excepted: the loader (CSS inlined in it), the wasm-bindgen glue and the wasm,
# for each of the two app bundles: the lean one (`full`/`compact` layouts) and the compare one
# (`layout="compare"`; a page with both kinds of widget downloads both).
# Usage: bench/size.sh [--no-top] [DIST]   (default dist/, built by scripts/build-web.sh)
# With --total-brotli [lean|compare] it prints only that bundle's brotli total in bytes, loader
# included (for scripts/check-size.sh; default lean).
# Then it prints what the widget's wasm is made of (twiggy on a build that keeps function
# names, in target/size-names/; installs twiggy when missing): the top items and the bytes per
# crate, so a change sees what it costs. --no-top skips that part (scripts/check-size.sh).
# The raw-feed parser bundle (ratelink-parse.*: glue + wasm) is printed separately: it is loaded
# only for widgets whose feed is an exchanger's raw export, so the budget does not count it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
total_only=0 top=1 which=lean
if [[ "${1:-}" == "--total-brotli" ]]; then
  total_only=1; shift
  if [[ "${1:-}" == lean || "${1:-}" == compare ]]; then which="$1"; shift; fi
fi
if [[ "${1:-}" == "--no-top" ]]; then top=0; shift; fi
dist="${1:-$root/dist}"

shopt -s nullglob
loader="$dist/ratelink.js"
glue=("$dist"/ratelink-app.*.js)
wasm=("$dist"/ratelink_bg.*.wasm)
compare_glue=("$dist"/ratelink-compare-app.*.js)
compare_wasm=("$dist"/ratelink-compare_bg.*.wasm)
css=("$dist"/ratelink.*.css)
if [[ ! -f "$loader" || ${#glue[@]} -ne 1 || ${#wasm[@]} -ne 1 || ${#compare_glue[@]} -ne 1 ||
  ${#compare_wasm[@]} -ne 1 ]]; then
  echo "size: expected one loader and one glue and wasm per app bundle in $dist (run scripts/build-web.sh)" >&2
  exit 1
fi

raw() { wc -c <"$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
br() { node "$root/scripts/web/brotli-size.mjs" "$1"; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# One bundle's table: loader + glue + wasm; sets tb to its brotli total.
table() {
  local title="$1" f r g b tr=0 tg=0 rows=()
  shift
  tb=0
  for f in "$@"; do
    r=$(raw "$f") g=$(gz "$f") b=$(br "$f")
    tr=$((tr + r)) tg=$((tg + g)) tb=$((tb + b))
    rows+=("$(basename "$f")|$r|$g|$b")
  done
  (( total_only )) && return
  printf "%-34s %10s %10s %10s\n" "$title" "raw B" "gzip B" "brotli B"
  for row in "${rows[@]}"; do
    IFS='|' read -r n r g b <<<"$row"
    printf "%-34s %10s %10s %10s\n" "$n" "$r" "$g" "$b"
  done
  printf "%-34s %10s %10s %10s\n" "total" "$tr" "$tg" "$tb"
  printf "%-34s %10s %10s %10s\n" "total KiB" "$(kib "$tr")" "$(kib "$tg")" "$(kib "$tb")"
}

if (( total_only )); then
  if [[ "$which" == compare ]]; then table "" "$loader" "${compare_glue[0]}" "${compare_wasm[0]}"
  else table "" "$loader" "${glue[0]}" "${wasm[0]}"; fi
  echo "$tb"
  exit 0
fi

table "lean bundle (full, compact)" "$loader" "${glue[0]}" "${wasm[0]}"
echo
table "compare bundle (layout=compare)" "$loader" "${compare_glue[0]}" "${compare_wasm[0]}"
echo "(a page with widgets of both kinds downloads the loader once and both glue + wasm pairs)"
if (( ${#css[@]} == 1 )); then
  f="${css[0]}"
  printf "%-34s %10s %10s %10s\n" "($(basename "$f"): inlined above;" "$(raw "$f")" "$(gz "$f")" "$(br "$f")"
  echo " fetched only where constructable stylesheets are missing)"
fi

# The raw-feed path: extra download for raw exchanger feeds (not the relay's normalized JSON).
parser=("$dist"/ratelink-parse.*.js "$dist"/ratelink-parse_bg.*.wasm)
if (( ${#parser[@]} > 0 )); then
  echo
  echo "raw-feed path (loaded only for raw exchanger feeds; not in the budget):"
  pr=0 pg=0 pb=0
  for f in "${parser[@]}"; do
    r=$(raw "$f") g=$(gz "$f") b=$(br "$f")
    pr=$((pr + r)) pg=$((pg + g)) pb=$((pb + b))
    printf "%-34s %10s %10s %10s\n" "$(basename "$f")" "$r" "$g" "$b"
  done
  printf "%-34s %10s %10s %10s\n" "raw-feed path total" "$pr" "$pg" "$pb"
  printf "%-34s %10s %10s %10s\n" "raw-feed path KiB" "$(kib "$pr")" "$(kib "$pg")" "$(kib "$pb")"
fi

(( top )) || exit 0

# What the lean app's wasm is made of: twiggy on the same release build with function names kept (a
# separate target dir, so the shipped build's cache is untouched; not wasm-opt'ed, so raw sizes
# run a few % above the shipped file). Bytes are uncompressed; brotli shrinks code ~3x.
echo
"$root/scripts/setup.sh" size >&2
export PATH="$HOME/.cargo/bin:$PATH"
names_target="$root/target/size-names"
echo "building the widget with names for twiggy (target/size-names/) ..." >&2
CARGO_PROFILE_WEB_STRIP=false CARGO_PROFILE_WEB_DEBUG=false \
  cargo build --profile web --locked --target wasm32-unknown-unknown -p ratelink --lib \
  --no-default-features --target-dir "$names_target" >&2
named="$(mktemp -d)"
trap 'rm -rf "$named"' EXIT
# twiggy 0.7 reads no bulk-memory, sign-ext or non-trapping float opcodes (on by default in
# today's rustc): lower them with binaryen first (-g keeps the names, --strip-dwarf drops the
# standard library's debug sections). This is rustc's output, before wasm-bindgen and wasm-opt.
"$root/.tools/node_modules/.bin/wasm-opt" -g --strip-dwarf \
  --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  --llvm-memory-copy-fill-lowering --llvm-nontrapping-fptoint-lowering --signext-lowering \
  "$names_target/wasm32-unknown-unknown/web/ratelink.wasm" -o "$named/ratelink.wasm"
wasm="$named/ratelink.wasm"
# Custom sections (wasm-bindgen's descriptors, the names themselves) never ship.
code_only() { grep -v "custom section\|function names"; }
echo "lean widget wasm (no compare feature) with names, as rustc wrote it (twiggy, uncompressed bytes; the shipped file is"
echo "wasm-bindgen'ed and wasm-opt'ed, and brotli shrinks code about 3x):"
echo
echo "top 25 items:"
twiggy top -n 30 "$wasm" | code_only | head -27
echo
echo "by crate (shallow bytes of every item):"
twiggy top -n 1000000 -f csv "$wasm" | code_only | node "$root/scripts/web/twiggy-crates.mjs"
