#!/usr/bin/env bash
# Installs what ratelink's build and tests need on a fresh machine; skips what is already there.
# Usage: scripts/setup.sh demo   (Rust wasm target, wasm-bindgen CLI, wasm-opt)
#        scripts/setup.sh test   (the above plus Chromium, ChromeDriver, nginx for the edge test
#                                 and the e2e npm packages)
#        scripts/setup.sh size   (the demo set plus twiggy, for bench/size.sh)
# First it checks every program the build and tests call and names the missing ones in one line.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"
say() { printf '[setup] %s\n' "$*"; }
twiggy_version="0.7.0"

export PATH="$HOME/.cargo/bin:$PATH:/usr/sbin"

# Every program the build (demo) or the tests call, as NAME:HOW. HOW is `apt:PACKAGE`,
# `cargo` (cargo install, below), `npm` (under .tools/, below) or `rust` (rustup.rs: cannot be
# installed from here). Checked before anything long runs; the missing ones named in one line.
# On a fresh Debian machine of the project's kind, the test mode's packages amount to
#   apt-get install chromium chromium-driver nginx
# (the rest of the list is part of the base image).
programs=(cargo:rust rustup:rust node:apt:nodejs npm:apt:npm curl:apt:curl gzip:apt:gzip
  sha256sum:apt:coreutils od:apt:coreutils cut:apt:coreutils awk:apt:mawk sed:apt:sed
  grep:apt:grep cmp:apt:diffutils find:apt:findutils xargs:apt:findutils wasm-bindgen:cargo wasm-opt:npm)
if [ "$mode" = "test" ]; then
  programs+=(kill:apt:procps chromium:apt:chromium chromedriver:apt:chromium-driver
    nginx:apt:nginx wasm-bindgen-test-runner:cargo)
fi

# wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "[setup] cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
present() {
  case "$1" in
    wasm-bindgen | wasm-bindgen-test-runner)
      [ "$("$1" --version 2>/dev/null | awk '{print $2}')" = "$wb_version" ] ;;
    wasm-opt) [ -x .tools/node_modules/.bin/wasm-opt ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}
missing=() apt_packages=() no_rust=()
for entry in "${programs[@]}"; do
  name="${entry%%:*}" how="${entry#*:}"
  present "$name" && continue
  missing+=("$name")
  case "$how" in
    apt:*) [[ " ${apt_packages[*]} " == *" ${how#apt:} "* ]] || apt_packages+=("${how#apt:}") ;;
    rust) no_rust+=("$name") ;;
  esac
done
if [ ${#missing[@]} -eq 0 ]; then
  say "all ${#programs[@]} programs the $mode needs are present"
else
  say "missing: ${missing[*]} (installing what can be installed)"
fi
if [ ${#no_rust[@]} -gt 0 ]; then
  echo "[setup] ${no_rust[*]} not found: install Rust with rustup (https://rustup.rs), then rerun" >&2
  exit 1
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  say "apt-get install ${apt_packages[*]}"
  if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

# rustfmt and clippy: scripts/test.sh checks formatting and lints.
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
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
