#!/usr/bin/env bash
# Relay throughput vs nginx on the same pre-compressed bytes, peak RSS, and upstream requests
# per minute under two visitor loads. Loopback only; needs wrk, nginx, curl, python3.
#
# Knobs (env): DIRECTIONS=5000 BENCH_FORMAT=xml|txt DURATION=10 CONNS=64 THREADS=2 REFRESH=10 LOAD_SECS=30 ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "bench/relay.sh: '$1' is missing; install it with: sudo apt-get install -y $2" >&2
        exit 1
    fi
}
need wrk wrk
need nginx nginx
need curl curl
need python3 python3

DIRECTIONS=${DIRECTIONS:-5000}
FORMAT=${BENCH_FORMAT:-xml}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
REFRESH=${REFRESH:-10}
LOAD_SECS=${LOAD_SECS:-30}
ROUNDS=${ROUNDS:-3}

echo "== building the relay (profile relay: release, panic unwind)"
cargo build --profile relay -p ratelink-relay 2>&1 | tail -1
BIN=$PWD/target/relay/ratelink-relay

WORK=$(mktemp -d /tmp/ratelink-bench.XXXXXX)
RELAY_PID=""
cleanup() {
    if [ -n "$RELAY_PID" ]; then kill "$RELAY_PID" 2>/dev/null || true; wait "$RELAY_PID" 2>/dev/null || true; fi
    if [ -f "$WORK/nginx.pid" ]; then nginx -p "$WORK" -c "$WORK/nginx.conf" -s quit 2>/dev/null || true; fi
    sleep 0.3
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
UP_PORT=$(free_port); STATIC_PORT=$(free_port); RELAY_PORT=$(free_port)

mkdir -p "$WORK/upstream" "$WORK/static" "$WORK/logs" "$WORK/tmp"
python3 bench/gen_feed.py "$DIRECTIONS" "$FORMAT" > "$WORK/upstream/rates.$FORMAT"
chmod -R a+rX "$WORK"

cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 10000000;
    open_file_cache max=16 inactive=60s;
    open_file_cache_valid 60s;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    # The exchanger: serves the feed with Last-Modified/ETag (answers 304 to the relay).
    server {
        listen 127.0.0.1:$UP_PORT;
        root $WORK/upstream;
        access_log $WORK/logs/upstream.log;
        default_type text/xml;
    }
    # The baseline: the relay's brotli body as a static file.
    server {
        listen 127.0.0.1:$STATIC_PORT;
        root $WORK/static;
        location / {
            default_type application/json;
            add_header Content-Encoding br;
            add_header Cache-Control "public, max-age=5, stale-while-revalidate=10, stale-if-error=86400";
            add_header Access-Control-Allow-Origin *;
            add_header Vary "Accept-Encoding, Origin";
        }
    }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" 2>&1 | grep -v "could not open error log" || true

# wrk's connections all come from 127.0.0.1: no per-client cap (as behind a proxy).
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$RELAY_PORT" --feed "bench=http://127.0.0.1:$UP_PORT/rates.$FORMAT" \
    --refresh "$REFRESH" --allow-origin '*' --max-connections-per-client 0 2> "$WORK/logs/relay.log" &
RELAY_PID=$!

deadline=$((SECONDS + 60))
until curl -fs "http://127.0.0.1:$RELAY_PORT/health" | grep -q '"ok":true'; do
    if [ $SECONDS -gt $deadline ]; then
        echo "the relay did not load the feed within 60 s:" >&2
        curl -s "http://127.0.0.1:$RELAY_PORT/health" >&2 || true
        cat "$WORK/logs/relay.log" >&2
        exit 1
    fi
    sleep 0.2
done

curl -fs -H 'Accept-Encoding: br' "http://127.0.0.1:$RELAY_PORT/feeds/bench" -o "$WORK/static/feed.json"
curl -fs "http://127.0.0.1:$RELAY_PORT/feeds/bench" -o "$WORK/identity.json"
chmod a+r "$WORK/static/feed.json"
UP_BYTES=$(stat -c %s "$WORK/upstream/rates.$FORMAT")
ID_BYTES=$(stat -c %s "$WORK/identity.json")
BR_BYTES=$(stat -c %s "$WORK/static/feed.json")
NDIR=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["directions"]))' "$WORK/identity.json")
echo "== feed: $NDIR directions; upstream $FORMAT $UP_BYTES bytes; normalized JSON $ID_BYTES bytes; brotli $BR_BYTES bytes"

# Prints "req/s p99" for a wrk run.
run_wrk() {
    local url=$1 threads=$2 conns=$3 secs=$4 out
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -H 'Accept-Encoding: br' "$url")
    local rps p99
    rps=$(echo "$out" | awk '/Requests\/sec:/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    if echo "$out" | grep -q "Non-2xx"; then echo "wrk saw errors: $out" >&2; fi
    echo "$rps $p99"
}

echo "== warm-up"
run_wrk "http://127.0.0.1:$RELAY_PORT/feeds/bench" 1 4 2 >/dev/null
run_wrk "http://127.0.0.1:$STATIC_PORT/feed.json" 1 4 2 >/dev/null

echo "== wrk -t$THREADS -c$CONNS -d${DURATION}s, Accept-Encoding: br; $ROUNDS alternating rounds (the machine is shared)"
RELAY_ALL=(); NGINX_ALL=(); RELAY_P99S=(); NGINX_P99S=()
for round in $(seq "$ROUNDS"); do
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$RELAY_PORT/feeds/bench" "$THREADS" "$CONNS" "$DURATION")
    RELAY_ALL+=("$rps"); RELAY_P99S+=("$p99")
    printf 'round %d  %-26s %12s req/s   p99 %s\n' "$round" "relay /feeds/bench" "$rps" "$p99"
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$STATIC_PORT/feed.json" "$THREADS" "$CONNS" "$DURATION")
    NGINX_ALL+=("$rps"); NGINX_P99S+=("$p99")
    printf 'round %d  %-26s %12s req/s   p99 %s\n' "$round" "nginx static (same bytes)" "$rps" "$p99"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
RELAY_RPS=$(median "${RELAY_ALL[@]}"); NGINX_RPS=$(median "${NGINX_ALL[@]}")
RATIO=$(python3 -c "print(f'{float(\"$RELAY_RPS\") / float(\"$NGINX_RPS\"):.2f}')")
echo "median relay: $RELAY_RPS req/s (p99s: ${RELAY_P99S[*]})"
echo "median nginx: $NGINX_RPS req/s (p99s: ${NGINX_P99S[*]})"
echo "relay/nginx throughput ratio (medians): $RATIO (goal >= 0.8)"

upstream_count() { wc -l < "$WORK/logs/upstream.log"; }
echo "== upstream requests per minute (refresh ${REFRESH}s) under two visitor loads, ${LOAD_SECS}s each"
for load in "1 2" "$THREADS 128"; do
    set -- $load
    before=$(upstream_count)
    read -r rps _ < <(run_wrk "http://127.0.0.1:$RELAY_PORT/feeds/bench" "$1" "$2" "$LOAD_SECS")
    after=$(upstream_count)
    per_min=$(python3 -c "print(f'{($after - $before) * 60 / $LOAD_SECS:.1f}')")
    printf 'visitors: %4s connections, %10s req/s -> upstream %s requests in %ss = %s per minute\n' "$2" "$rps" "$((after - before))" "$LOAD_SECS" "$per_min"
done

PEAK_KB=$(awk '/VmHWM/ {print $2}' "/proc/$RELAY_PID/status")
echo "relay peak RSS: $((PEAK_KB / 1024)) MB ($PEAK_KB kB; goal < 40 MB)"
