#!/usr/bin/env bash
# Writes DIR/ratelink-edge.conf: the deployed nginx edge (deploy/nginx/ratelink-http.conf with
# its cache under DIR/cache and the relay at 127.0.0.1:RELAY_PORT, plus a server on
# 127.0.0.1:EDGE_PORT including deploy/nginx/ratelink-locations.conf verbatim), for an
# `include` inside `http { }`. Used by scripts/test-edge.sh and bench/relay.sh.
# Usage: scripts/edge-conf.sh DIR EDGE_PORT RELAY_PORT
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$1" edge_port="$2" relay_port="$3"
mkdir -p "$dir/cache"
out="$dir/ratelink-edge.conf"
sed -e "s#/var/cache/nginx/ratelink#$dir/cache#" \
  -e "s#server 127.0.0.1:8080;#server 127.0.0.1:$relay_port;#" \
  "$root/deploy/nginx/ratelink-http.conf" >"$out"
if ! grep -q "$dir/cache" "$out" || ! grep -q "127.0.0.1:$relay_port" "$out"; then
  echo "edge-conf: deploy/nginx/ratelink-http.conf no longer has the cache path or relay address to replace" >&2
  exit 1
fi
cat >>"$out" <<CONF

# The edge: the deployed locations, verbatim.
server {
    listen 127.0.0.1:$edge_port;
    server_name edge;
    include $root/deploy/nginx/ratelink-locations.conf;
}
CONF
