#!/usr/bin/env bash
# Installs what ratelink's build and tests need on a fresh machine; skips what is already there.
# Usage: scripts/setup.sh demo   (Rust wasm target, wasm-bindgen CLI)
#        scripts/setup.sh test   (the above plus Chromium, ChromeDriver and the e2e npm packages)
#        scripts/setup.sh size   (the above demo set plus twiggy, for bench/size.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"
say() { printf '[setup] %s\n' "$*"; }
twiggy_version="0.7.0"

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy: scripts/test.sh checks formatting and lints.
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "[setup] cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (takes a few minutes once)"
  cargo install wasm-bindgen-cli --version "$wb_version" --locked
fi

# A current wasm-opt (Debian's binaryen is too old for today's rustc output).
if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
  say "installing wasm-opt (npm binaryen) into .tools/"
  mkdir -p .tools
  (cd .tools && [ -f package.json ] || echo '{"private": true}' > package.json)
  npm install --prefix .tools --no-audit --no-fund --silent binaryen@132.0.0
fi

if [ "$mode" = "test" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver"
    if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # (Re)install when node_modules is missing or was installed from another lock file.
  for dir in tests/e2e; do
    stamp="$dir/node_modules/.ratelink-lock"
    if [ -f "$dir/package-lock.json" ] && ! cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null; then
      say "installing npm packages in $dir"
      npm ci --prefix "$dir" --no-audit --no-fund --silent
      cp "$dir/package-lock.json" "$stamp"
    fi
  done
fi
if [ "$mode" = "size" ] && ! command -v twiggy >/dev/null; then
  say "installing twiggy $twiggy_version (wasm size profiler, for bench/size.sh)"
  cargo install twiggy --version "$twiggy_version" --locked
fi
say "ready ($mode)"
