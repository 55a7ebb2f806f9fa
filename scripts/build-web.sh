#!/usr/bin/env bash
# Builds the web bundles into dist/: the widget loader (stable name), the content-hashed widget
# glue, wasm and CSS (a lean app and a compare-layout app), the demo page and its assets. The relay serves dist/ at `/`.
#
# Idempotent: everything is built into a staging directory that replaces dist/ at the end.
# The old dist/ is removed first, so a failed build leaves none and no later step can pass on
# stale files (scripts/test-build-web-fails-clean.sh checks this).
# Needs: the wasm32-unknown-unknown target, wasm-bindgen 0.2.129 (~/.cargo/bin), node + npm.
# wasm-opt (npm binaryen) and esbuild (JS minifier) are installed under .tools/ when missing.
#
# Environment: RATELINK_DIST (output dir, default dist), RATELINK_NO_CARGO=1 (reuse the last
# cargo build), RATELINK_WASM_OPT=0 (skip wasm-opt).
# The wasm is built with Cargo's `web` profile (size settings, panic = abort; see Cargo.toml),
# so `release` stays an unwinding profile for the relay.
# Each bundle is one function (build_widget, build_demo, ...); main() calls them in order.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dist="${RATELINK_DIST:-$root/dist}"
stage="$dist.tmp.$$"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
binaryen_version="132.0.0"
esbuild_version="0.25.12"
icons_version="0.18.1"

log() { echo "build-web: $*" >&2; }
die() { echo "build-web: error: $*" >&2; exit 1; }

# First 10 hex digits of the file's SHA-256: the content hash put into file names.
content_hash() { sha256sum "$1" | cut -c1-10; }

# Brotli size at quality 11, computed by Node (no `brotli` program needed).
brotli_size() { node "$root/scripts/web/brotli-size.mjs" "$1"; }

find_wasm_bindgen() {
  if [[ -x "$HOME/.cargo/bin/wasm-bindgen" ]]; then
    echo "$HOME/.cargo/bin/wasm-bindgen"
  elif command -v wasm-bindgen >/dev/null; then
    command -v wasm-bindgen
  else
    die "wasm-bindgen not found (cargo install wasm-bindgen-cli --version 0.2.129 --locked)"
  fi
}

# Installs the pinned npm build tools into .tools/ (gitignored) unless already there.
ensure_npm_tools() {
  local want=("binaryen@$binaryen_version" "esbuild@$esbuild_version") missing=()
  [[ -x "$root/.tools/node_modules/.bin/wasm-opt" ]] || missing+=("${want[0]}")
  [[ -x "$root/.tools/node_modules/.bin/esbuild" ]] || missing+=("${want[1]}")
  ((${#missing[@]} == 0)) && return
  log "installing ${missing[*]} into .tools/"
  mkdir -p "$root/.tools"
  [[ -f "$root/.tools/package.json" ]] || echo '{"private":true}' >"$root/.tools/package.json"
  (cd "$root/.tools" && npm install --no-audit --no-fund --silent "${missing[@]}") >&2
}

# Prints the path of a usable wasm-opt (Debian bookworm's v111 predates rustc's wasm features).
find_wasm_opt() {
  if command -v wasm-opt >/dev/null; then
    local v
    v="$(wasm-opt --version 2>/dev/null | grep -oE '[0-9]+' | head -1 || true)"
    if [[ -n "$v" && "$v" -ge 117 ]]; then command -v wasm-opt; return; fi
  fi
  ensure_npm_tools
  echo "$root/.tools/node_modules/.bin/wasm-opt"
}

# Minifies an ES module in place (esbuild: whitespace, local names, syntax; exports kept).
minify_js() {
  ensure_npm_tools
  "$root/.tools/node_modules/.bin/esbuild" "$1" --minify --format=esm --target=es2020 \
    --log-level=warning --outfile="$1.min"
  mv "$1.min" "$1"
}

# Minifies CSS conservatively (comments and whitespace; see scripts/web/stamp-loader.mjs).
minify_css() {
  node --input-type=module -e '
    import { readFileSync } from "node:fs";
    import { minifyCss } from "'"$root"'/scripts/web/stamp-loader.mjs";
    process.stdout.write(minifyCss(readFileSync(process.argv[1], "utf8")) + "\n");
  ' "$1"
}

# One widget app bundle: Rust -> wasm -> wasm-bindgen glue -> wasm-opt -> hashed glue + wasm.
# $1 = the name stem ("ratelink" or "ratelink-compare"), then cargo's feature flags. Sets
# app_glue and app_wasm to the file names in $stage.
app_glue="" app_wasm=""
build_app() {
  local stem="$1" wasm_bindgen wasm_opt raw out
  shift
  wasm_bindgen="$(find_wasm_bindgen)"
  [[ "$("$wasm_bindgen" --version)" == *" 0.2.129"* ]] || die "wasm-bindgen must be 0.2.129"

  raw="$target_dir/wasm32-unknown-unknown/web/ratelink.wasm"
  if [[ "${RATELINK_NO_CARGO:-0}" != 1 ]]; then
    log "cargo build (profile web, wasm32): $stem ${*:-(default features)}"
    cargo build --profile web --locked --target wasm32-unknown-unknown -p ratelink --lib "$@"
    # Both bundles build to the same file: keep each one's copy for RATELINK_NO_CARGO=1.
    cp "$raw" "$target_dir/wasm32-unknown-unknown/web/$stem.app.wasm"
  fi
  raw="$target_dir/wasm32-unknown-unknown/web/$stem.app.wasm"
  [[ -f "$raw" ]] || die "missing $raw"

  out="$stage/.bindgen-$stem"
  mkdir -p "$out"
  "$wasm_bindgen" --target web --no-typescript --out-dir "$out" --out-name ratelink "$raw"

  # Keep whichever wasm is smallest once brotli-compressed: the plain file or a wasm-opt pass
  # set. (On LLVM's -Oz output, binaryen's -Oz shrinks raw bytes but grows brotli bytes: its
  # inlining copies bodies brotli had compressed as repeats. `-O2` with the inlining of
  # one-caller and tiny functions switched off (`-ocimfs 0 -aimfs 0`) wins, a little more
  # with binaryen's whole-program flow analysis (`--gufa-optimizing`); see docs/performance.md.)
  local chosen="$out/ratelink_bg.wasm" best
  best="$(brotli_size "$chosen")"
  log "$stem wasm brotli: plain $best B"
  if [[ "${RATELINK_WASM_OPT:-1}" != 0 ]]; then
    wasm_opt="$(find_wasm_opt)"
    local i=0 passes size
    for passes in "-O2 -aimfs 0 -ocimfs 0 --converge --gufa-optimizing" "-O2 -aimfs 0 -ocimfs 0 --converge"; do
      i=$((i + 1))
      # shellcheck disable=SC2086 # the pass list is meant to split into words
      "$wasm_opt" $passes --strip-debug --strip-producers \
        --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
        --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
        --enable-call-indirect-overlong \
        -o "$out/opt$i.wasm" "$out/ratelink_bg.wasm"
      size="$(brotli_size "$out/opt$i.wasm")"
      log "$stem wasm brotli: wasm-opt $passes $size B"
      if (( size < best )); then best="$size"; chosen="$out/opt$i.wasm"; fi
    done
  fi

  app_wasm="${stem}_bg.$(content_hash "$chosen").wasm"
  cp "$chosen" "$stage/$app_wasm"

  # The glue's own default wasm URL is never used (the loader passes the URL), but keep it right.
  sed "s/ratelink_bg\.wasm/$app_wasm/g" "$out/ratelink.js" >"$out/glue.js"
  minify_js "$out/glue.js"
  app_glue="$stem-app.$(content_hash "$out/glue.js").js"
  cp "$out/glue.js" "$stage/$app_glue"
  rm -rf "$out"
}

# The visitor widget: two app bundles and the loader that picks one per widget. The lean one
# (`ratelink-app.HASH.js` + `ratelink_bg.HASH.wasm`, no `compare` feature) serves the `full`
# and `compact` layouts; the compare one (`ratelink-compare-app.HASH.js` +
# `ratelink-compare_bg.HASH.wasm`, default features) only widgets with `layout="compare"`.
build_widget() {
  local css_min glue_name wasm_name compare_glue compare_wasm css_name
  build_app ratelink-compare
  compare_glue="$app_glue" compare_wasm="$app_wasm"
  # Built second, so the plain cargo output target/.../web/ratelink.wasm is the lean app's
  # (what bench/size.sh's names build and the wasm tests compare against).
  build_app ratelink --no-default-features
  glue_name="$app_glue" wasm_name="$app_wasm"

  css_min="$stage/.ratelink.min.css"
  minify_css "$root/www/ratelink.css" >"$css_min"
  css_name="ratelink.$(content_hash "$css_min").css"
  cp "$css_min" "$stage/$css_name"

  # The loader keeps its stable name; the hashed names and the CSS text are stamped into it.
  node "$root/scripts/web/stamp-loader.mjs" "$root/www/ratelink.js" "$css_min" "$stage/ratelink.js" \
    "glue=$glue_name" "wasm=$wasm_name" "compareGlue=$compare_glue" "compareWasm=$compare_wasm" \
    "css=$css_name" "parserGlue=$parser_glue_name" "parserWasm=$parser_wasm_name"
  rm -f "$css_min"
  minify_js "$stage/ratelink.js"
  # The same loader under a content-hashed name, for snippets that pin it with SRI
  # (`ratelink-relay snippet` reads the name from the manifest and hashes the served bytes).
  local loader_name
  loader_name="ratelink.$(content_hash "$stage/ratelink.js").js"
  cp "$stage/ratelink.js" "$stage/$loader_name"
  printf '{"loader": "%s"}\n' "$loader_name" >"$stage/ratelink-embed.json"

  log "widget: ratelink.js ($loader_name), $glue_name, $wasm_name, $css_name"
  log "widget, compare layout: $compare_glue, $compare_wasm ($(brotli_size "$stage/$compare_wasm") B brotli)"
}

# The raw-feed parser (crates/parse-wasm): any exchanger feed -> normalized JSON. A separate
# bundle the loader imports only when a widget's feed is not the relay's JSON; runs before
# build_widget, which stamps these names into the loader.
parser_glue_name="" parser_wasm_name=""
build_parser() {
  local wasm_bindgen raw out
  wasm_bindgen="$(find_wasm_bindgen)"
  if [[ "${RATELINK_NO_CARGO:-0}" != 1 ]]; then
    log "cargo build (profile web, wasm32): raw-feed parser"
    cargo build --profile web --locked --target wasm32-unknown-unknown -p ratelink-parse --lib
  fi
  raw="$target_dir/wasm32-unknown-unknown/web/ratelink_parse.wasm"
  [[ -f "$raw" ]] || die "missing $raw"
  out="$stage/.bindgen-parse"
  mkdir -p "$out"
  "$wasm_bindgen" --target web --no-typescript --out-dir "$out" --out-name ratelink_parse "$raw"
  parser_wasm_name="ratelink-parse_bg.$(content_hash "$out/ratelink_parse_bg.wasm").wasm"
  cp "$out/ratelink_parse_bg.wasm" "$stage/$parser_wasm_name"
  sed "s/ratelink_parse_bg\.wasm/$parser_wasm_name/g" "$out/ratelink_parse.js" >"$out/glue.js"
  minify_js "$out/glue.js"
  parser_glue_name="ratelink-parse.$(content_hash "$out/glue.js").js"
  cp "$out/glue.js" "$stage/$parser_glue_name"
  rm -rf "$out"
  log "parser: $parser_glue_name, $parser_wasm_name ($(brotli_size "$stage/$parser_wasm_name") B brotli)"
}

# The demo page and its assets (www/ minus the loader/CSS sources and the relay's feeds).
build_demo() {
  cp "$root/index.html" "$stage/index.html"
  if [[ -d "$root/www/demo" ]]; then
    mkdir -p "$stage/demo"
    (cd "$root/www/demo" && find . -type f ! -path './feeds/*' -print0 |
      xargs -0 -r cp --parents -t "$stage/demo")
  fi
  log "demo: index.html, demo/"
}

# The partner dashboard: a separate bundle loaded only by <ratelink-dashboard>
# (www/ratelink-dashboard.js), so the visitor widget's files do not change by a byte. Plus its
# demo page dashboard.html.
build_dashboard() {
  local wasm_bindgen wasm_opt raw out chosen wasm_name glue_name css_name
  wasm_bindgen="$(find_wasm_bindgen)"
  if [[ "${RATELINK_NO_CARGO:-0}" != 1 ]]; then
    log "cargo build (profile web, wasm32): dashboard"
    cargo build --profile web --target wasm32-unknown-unknown -p ratelink-dashboard --lib
  fi
  raw="$target_dir/wasm32-unknown-unknown/web/ratelink_dashboard.wasm"
  [[ -f "$raw" ]] || die "missing $raw"
  out="$stage/.bindgen-dashboard"
  mkdir -p "$out"
  "$wasm_bindgen" --target web --no-typescript --out-dir "$out" --out-name ratelink_dashboard "$raw"
  chosen="$out/ratelink_dashboard_bg.wasm"
  if [[ "${RATELINK_WASM_OPT:-1}" != 0 ]]; then
    wasm_opt="$(find_wasm_opt)"
    "$wasm_opt" -Oz --strip-debug --strip-producers \
      --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      --enable-call-indirect-overlong \
      -o "$out/opt.wasm" "$chosen"
    if (( $(brotli_size "$out/opt.wasm") < $(brotli_size "$chosen") )); then chosen="$out/opt.wasm"; fi
  fi
  wasm_name="ratelink-dashboard_bg.$(content_hash "$chosen").wasm"
  cp "$chosen" "$stage/$wasm_name"
  sed "s/ratelink_dashboard_bg\.wasm/$wasm_name/g" "$out/ratelink_dashboard.js" >"$out/glue.js"
  glue_name="ratelink-dashboard-app.$(content_hash "$out/glue.js").js"
  cp "$out/glue.js" "$stage/$glue_name"
  css_name="ratelink-dashboard.$(content_hash "$root/www/ratelink-dashboard.css").css"
  cp "$root/www/ratelink-dashboard.css" "$stage/$css_name"
  sed -e "s/__RATELINK_DASHBOARD_GLUE__/$glue_name/" -e "s/__RATELINK_DASHBOARD_WASM__/$wasm_name/" \
    -e "s/__RATELINK_DASHBOARD_CSS__/$css_name/" "$root/www/ratelink-dashboard.js" >"$stage/ratelink-dashboard.js"
  cp "$root/dashboard.html" "$stage/dashboard.html"
  rm -rf "$out"
  log "dashboard: ratelink-dashboard.js, $glue_name, $wasm_name ($(brotli_size "$stage/$wasm_name") B brotli), $css_name"
}

# Coin artwork for the relay's per-feed icon sprites: the colour SVGs of the npm package
# cryptocurrency-icons (CC0, pinned, installed under .tools/) and its licence, into dist/icons/.
# No page downloads these files; the relay reads them to build each feed's sprite.
build_icons() {
  local pkg="$root/.tools/node_modules/cryptocurrency-icons"
  if [[ "$(node -p "require('$pkg/package.json').version" 2>/dev/null)" != "$icons_version" ]]; then
    log "installing cryptocurrency-icons@$icons_version into .tools/"
    mkdir -p "$root/.tools"
    [[ -f "$root/.tools/package.json" ]] || echo '{"private":true}' >"$root/.tools/package.json"
    (cd "$root/.tools" && npm install --no-audit --no-fund --silent "cryptocurrency-icons@$icons_version") >&2
  fi
  mkdir -p "$stage/icons"
  cp "$pkg"/svg/color/*.svg "$stage/icons/"
  cp "$pkg/LICENSE.md" "$stage/icons/LICENSE.md"
  log "icons: $(find "$stage/icons" -name '*.svg' | wc -l) coin SVGs (cryptocurrency-icons $icons_version, CC0)"
}

main() {
  rm -rf "$dist" "$stage"
  mkdir -p "$stage"
  trap 'rm -rf "$stage"' EXIT
  build_parser
  build_widget
  build_demo
  build_icons
  build_dashboard
  rm -rf "$dist"
  mv "$stage" "$dist"
  trap - EXIT
  log "done: $dist"
}

main "$@"
