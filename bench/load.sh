#!/usr/bin/env bash
# Load benchmark of the public atlas: wrk on loopback, 200 connections, 60 s, against a mix of
# public pages of the demo town (start page, area list, indicator maps, a profile, the social
# index, early warning, the JSON API, an SVG map, the stylesheet).
# Peer in the same run: the same answers saved as static files and served by Python's
# ThreadingHTTPServer (and by nginx if it is installed), i.e. what a town gets from exporting
# static HTML. Then, uncached: the profile and an indicator page with a query string of its own
# per request, so the page cache cannot answer (as after every release, or in the internal atlas);
# goal 2,000 requests/s with p99 under 100 ms each (issue 23).
# Usage: bash bench/load.sh   (DURATION=60 UNCACHED_DURATION=30 CONNECTIONS=200 by default)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-load}"
DURATION="${DURATION:-60}"
UNCACHED_DURATION="${UNCACHED_DURATION:-30}"
CONNECTIONS="${CONNECTIONS:-200}"
PORT="${PORT:-18090}"
PEER_PORT="${PEER_PORT:-18091}"
rm -rf "$OUT"; mkdir -p "$OUT/static"
cd "$ROOT"
command -v wrk > /dev/null || { echo "wrk is missing (apt install wrk)"; exit 1; }

echo "== build (release)"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"

PATHS=(/ /gebiete /indikator/kinderarmut /indikator/sgb2_quote /indikator/altenquotient /gebiet/SR06 /sozialindex /fruehwarnung
       /api/indicators/kinderarmut /indikator/kinderarmut/karte.svg /static/quartier.css)

"$Q" serve --demo --db "$OUT/atlas.sqlite" --port "$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; [ -n "${PEER:-}" ] && kill $PEER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break; sleep 0.1; done

# Lua script rotating through the paths; the static peer gets the same bodies as files.
lua() { # file prefix paths...
  local file="$1"; shift
  { echo "local paths = {"; for p in "$@"; do echo "  \"$p\","; done; echo "}"
    echo 'local i = 0'
    echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'; } > "$file"
}
STATIC=()
for i in "${!PATHS[@]}"; do
  curl -sf "http://127.0.0.1:$PORT${PATHS[$i]}" -o "$OUT/static/p$i" 
  STATIC+=("/p$i")
done
lua "$OUT/quartier.lua" "${PATHS[@]}"
# Every request with a query string of its own.
cat > "$OUT/fresh.lua" <<'LUA'
local i = 0
request = function() i = i + 1; return wrk.format("GET", wrk.path .. "?frisch=" .. i .. "-" .. math.random(1, 1000000000)) end
LUA
lua "$OUT/static.lua" "${STATIC[@]}"

run_wrk() { # name url script [seconds]
  local f
  f="$OUT/$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '_').wrk"
  wrk -t2 -c"$CONNECTIONS" -d"${4:-$DURATION}s" --latency -s "$3" "$2" > "$f" 2>&1 || true
  local rps p50 p99 errors non2xx
  rps=$(awk '/Requests\/sec/{print $2}' "$f")
  p50=$(awk '$1=="50%"{print $2}' "$f")
  p99=$(awk '$1=="99%"{print $2}' "$f")
  errors=$(awk '/Socket errors/{print $0}' "$f")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$f")
  echo "| $1 | ${rps:-–} | ${p50:-–} | ${p99:-–} | ${non2xx:-0} | ${errors:-none} |"
}

{
  echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s on loopback, $(nproc) cores, ${#PATHS[@]} public paths in rotation"
  echo
  echo "| server | requests/s | p50 | p99 | non-2xx | socket errors |"
  echo "|---|---|---|---|---|---|"
  run_wrk "Quartier" "http://127.0.0.1:$PORT" "$OUT/quartier.lua"
  run_wrk "Quartier uncached /gebiet/SR06" "http://127.0.0.1:$PORT/gebiet/SR06" "$OUT/fresh.lua" "$UNCACHED_DURATION"
  run_wrk "Quartier uncached /indikator/kinderarmut" "http://127.0.0.1:$PORT/indikator/kinderarmut" "$OUT/fresh.lua" "$UNCACHED_DURATION"
  kill $SERVER; wait $SERVER 2>/dev/null || true
  (cd "$OUT/static" && exec python3 -m http.server "$PEER_PORT" --bind 127.0.0.1 > /dev/null 2>&1) &
  PEER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PEER_PORT/p0" > /dev/null && break; sleep 0.1; done
  run_wrk "Python http.server, static copies" "http://127.0.0.1:$PEER_PORT" "$OUT/static.lua"
  kill $PEER; wait $PEER 2>/dev/null || true; PEER=
  if command -v nginx > /dev/null; then
    cat > "$OUT/nginx.conf" <<CONF
worker_processes auto; pid $OUT/nginx.pid; error_log $OUT/nginx.err;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$PEER_PORT; root $OUT/static; } }
CONF
    nginx -c "$OUT/nginx.conf"
    sleep 0.5
    run_wrk "nginx, static copies" "http://127.0.0.1:$PEER_PORT" "$OUT/static.lua"
    kill "$(cat "$OUT/nginx.pid")"
  fi
} | tee "$OUT/load.md"
