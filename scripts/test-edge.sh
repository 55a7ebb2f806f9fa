#!/usr/bin/env bash
# Edge test: real nginx, configured with deploy/nginx/ratelink-http.conf (cache path and relay
# address templated) and deploy/nginx/ratelink-locations.conf (verbatim), as a caching edge in
# front of `ratelink-relay serve`. Between them a logging nginx "tap" counts what the relay
# sees; the exchanger is a static file served by the same nginx. All on free loopback ports,
# nginx in the foreground with its own prefix under target/edge/ (never the system service).
# Runs tests/edge/edge.test.mjs, which prints the relay's requests per 1,000 visitor requests.
# Environment: RATELINK_SKIP_BUILD=1 reuses the debug relay binary as it is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH:/usr/sbin"
log() { echo "test-edge: $*" >&2; }

command -v nginx >/dev/null || { log "nginx not found (bash scripts/setup.sh test installs it)"; exit 1; }
if [[ "${RATELINK_SKIP_BUILD:-0}" != 1 ]]; then
  log "cargo build --locked -p ratelink-relay"
  cargo build --locked -p ratelink-relay
fi
relay="${RATELINK_RELAY:-${CARGO_TARGET_DIR:-$root/target}/debug/ratelink-relay}"
[[ -x "$relay" ]] || { log "missing $relay"; exit 1; }

work="$root/target/edge"
rm -rf "$work"
mkdir -p "$work/upstream" "$work/logs" "$work/tmp"
cp www/demo/feeds/premium.xml "$work/upstream/rates.xml"
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
edge_port="$(free_port)" tap_port="$(free_port)" relay_port="$(free_port)" up_port="$(free_port)"

# The deployed edge config (deploy/nginx/), cache under target/edge, relay behind the tap.
scripts/edge-conf.sh "$work" "$edge_port" "$tap_port"

user_line=""
[[ "$(id -u)" == 0 ]] && user_line="user root root;" # workers must read the cache dir under target/
cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
$user_line
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 512; }
http {
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    log_format tap '\$request_method \$request_uri \$status';

    include $work/ratelink-edge.conf;

    # The tap: every request that reaches the relay, one log line each.
    server {
        listen 127.0.0.1:$tap_port;
        access_log $work/logs/tap.log tap;
        location / { proxy_pass http://127.0.0.1:$relay_port; }
    }
    # The exchanger.
    server {
        listen 127.0.0.1:$up_port;
        root $work/upstream;
        default_type application/xml;
    }
}
CONF

nginx -t -q -p "$work" -c "$work/nginx.conf" -e "$work/logs/error.log" ||
  { log "nginx refused the configuration"; cat "$work/logs/error.log" >&2; exit 1; }
nginx -p "$work" -c "$work/nginx.conf" -e "$work/logs/error.log" &
nginx_pid=$!
# The relay as deploy/systemd/ratelink.env runs it behind a proxy on this machine (its
# RATELINK_TRUSTED_PROXIES and RATELINK_MAX_CONNECTIONS_PER_CLIENT, read from that file), with
# a dashboard whose partner API is never reached (only logins are tested).
mapfile -t proxy_env < <(grep -E '^RATELINK_(TRUSTED_PROXIES|MAX_CONNECTIONS_PER_CLIENT)=' deploy/systemd/ratelink.env)
(( ${#proxy_env[@]} == 2 )) || { log "deploy/systemd/ratelink.env lacks the proxy settings"; exit 1; }
env "${proxy_env[@]}" RATELINK_PARTNER_API=pp RATELINK_PARTNER_ENDPOINT="http://127.0.0.1:$up_port/api.html" \
  RATELINK_PARTNER_KEY=KEY-EDGE-TEST RATELINK_DASHBOARD_PASSWORD=edge-dashboard-password \
  RUST_LOG=warn "$relay" serve --listen "127.0.0.1:$relay_port" \
  --feed "edge=http://127.0.0.1:$up_port/rates.xml" --refresh 10 \
  --allow-origin https://a.example --exchanger-base https://exchanger.example --ref demo42 \
  2>"$work/logs/relay.log" &
relay_pid=$!
cleanup() {
  kill "$relay_pid" 2>/dev/null || true
  kill "$nginx_pid" 2>/dev/null || true # SIGTERM: fast shutdown of master and workers
  wait "$relay_pid" "$nginx_pid" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 1 150); do
  if curl -fsS "http://127.0.0.1:$relay_port/health" 2>/dev/null | grep -q '"ok":true' &&
    curl -fsS -o /dev/null "http://127.0.0.1:$edge_port/health" 2>/dev/null; then break; fi
  kill -0 "$relay_pid" 2>/dev/null || { log "relay exited:"; cat "$work/logs/relay.log" >&2; exit 1; }
  kill -0 "$nginx_pid" 2>/dev/null || { log "nginx exited:"; cat "$work/logs/error.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$edge_port/health" ||
  { log "the edge or the relay never became ready"; cat "$work/logs/relay.log" "$work/logs/error.log" >&2; exit 1; }

log "edge :$edge_port -> tap :$tap_port -> relay :$relay_port -> exchanger :$up_port"
EDGE_URL="http://127.0.0.1:$edge_port" TAP_URL="http://127.0.0.1:$tap_port" \
  TAP_LOG="$work/logs/tap.log" RELAY_PID="$relay_pid" \
  node --test --test-concurrency=1 tests/edge/edge.test.mjs
