#!/bin/sh
# Fuzzes parse_feed (format sniffing and every reader) with libFuzzer for SECONDS (default 60).
# Seeds the corpus with the test fixtures and the hostile cases (crafted exponents, the
# quadratic embedded-JSON body). Needs the nightly toolchain; uses `cargo fuzz` when
# installed, else builds the same instrumented binary directly. Not part of CI.
# Usage: bench/fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/fuzz"
secs="${1:-60}"
mkdir -p corpus/parse_feed
cp ../../crates/core/tests/fixtures/feeds/* corpus/parse_feed/
cp ../../crates/core/tests/fixtures/hostile/* corpus/parse_feed/
if cargo fuzz --version >/dev/null 2>&1; then
    exec cargo +nightly fuzz run parse_feed corpus/parse_feed -- -max_total_time="$secs" -max_len=65536
fi
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps the instrumentation flags off build scripts (as cargo-fuzz does).
host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
cargo +nightly build --release --target "$host" --bin parse_feed
mkdir -p artifacts
exec "./target/$host/release/parse_feed" corpus/parse_feed -max_total_time="$secs" -max_len=65536 -artifact_prefix=artifacts/
