#!/usr/bin/env bash
# Scale benchmark (issue 9): TOWNS municipalities × AREAS areas × VARIABLES variables × YEARS
# years (default 400 × 50 × 30 × 10 = 6 million values) loaded into PostgreSQL through
# Quartier's own commands (town add, import areas, import table, release), then one
# `quartier serve` for all towns under wrk.
# Peers in the same run: PostgreSQL's own COPY of the same values into one bare table (the
# floor for loading), and Python's http.server serving static copies of the same pages.
# Usage: bash bench/scale.sh      (TOWNS=400 AREAS=50 VARIABLES=30 YEARS=10 JOBS=2 DURATION=60 CONNECTIONS=100)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-scale}"
TOWNS="${TOWNS:-400}"; AREAS="${AREAS:-50}"; VARIABLES="${VARIABLES:-30}"; YEARS="${YEARS:-10}"
JOBS="${JOBS:-2}"; DURATION="${DURATION:-60}"; CONNECTIONS="${CONNECTIONS:-100}"
PORT="${PORT:-18095}"; PEER_PORT="${PEER_PORT:-18096}"; PG_PORT="${PG_PORT:-54341}"
command -v wrk > /dev/null || { echo "wrk is missing (apt install wrk)"; exit 1; }
cd "$ROOT"
rm -rf "$OUT"; mkdir -p "$OUT/static"

echo "== build (release)"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"

echo "== PostgreSQL (port $PG_PORT, fsync on)"
QUARTIER_PG_PORT="$PG_PORT" QUARTIER_PG_DIR="$OUT/pg" scripts/pg-test-cluster stop || true
BASE_URL="$(QUARTIER_PG_PORT="$PG_PORT" QUARTIER_PG_DIR="$OUT/pg" scripts/pg-test-cluster)"
trap 'kill ${SERVER:-} ${PEER:-} 2>/dev/null || true; QUARTIER_PG_PORT="$PG_PORT" QUARTIER_PG_DIR="$OUT/pg" scripts/pg-test-cluster stop' EXIT
psql "$BASE_URL" -qc "CREATE DATABASE quartier"
PG="${BASE_URL%/postgres}/quartier"

echo "== generate"
python3 bench/gen_scale.py "$OUT/data" "$TOWNS" "$AREAS" "$VARIABLES" "$YEARS" | tee "$OUT/generate.txt"

load_town() { # index
  local n; n=$(printf "%03d" "$1")
  local db="$PG?schema=town_g$n"
  if [ "$1" = 0 ]; then db="$PG?schema=atlas"; fi
  if [ "$1" != 0 ]; then "$Q" town add --slug "g$n" --name "Gemeinde $n" --ags "03$(printf %06d "$1")" --database "$PG?schema=atlas" > /dev/null; fi
  "$Q" import areas "$OUT/data/g$n/gebiete.geojson" --level Sozialraum --code-property code --name-property name \
    --municipality "Gemeinde $n" --ags "03$(printf %06d "$1")" --database "$db" > /dev/null
  "$Q" import table "$OUT/data/g$n/werte.csv" --database "$db" > /dev/null
  "$Q" release --all --by Benchmark --database "$db" > /dev/null
}
export -f load_town; export Q PG OUT

echo "== load through quartier ($JOBS parallel jobs)"
START=$(date +%s.%N)
load_town 0
seq 1 $((TOWNS - 1)) | xargs -P "$JOBS" -I{} bash -c 'load_town {}'
LOAD=$(printf "%.1f" "$(echo "$(date +%s.%N) - $START" | bc)")
SIZE=$(psql "$PG" -XAtc "SELECT pg_database_size('quartier')")
VALUES=$(psql "$PG" -XAtc "SELECT SUM((xpath('/row/c/text()', query_to_xml('SELECT COUNT(*) AS c FROM ' || nspname || '.value', false, true, '')))[1]::text::bigint) FROM pg_namespace WHERE nspname = 'atlas' OR nspname LIKE 'town_g%'")

echo "== floor: PostgreSQL COPY of the same values into one bare table"
psql "$BASE_URL" -qc "CREATE DATABASE floor"
FLOOR_DB="${BASE_URL%/postgres}/floor"
psql "$FLOOR_DB" -qc "CREATE TABLE value (town int, area text, variable text, year int, value double precision)"
for d in "$OUT"/data/g*; do tail -n +2 "$d/werte.csv" | sed "s/^/${d##*/g};/"; done > "$OUT/all.csv"
FSTART=$(date +%s.%N)
psql "$FLOOR_DB" -qc "\\copy value FROM '$OUT/all.csv' WITH (FORMAT csv, DELIMITER ';')"
psql "$FLOOR_DB" -qc "ALTER TABLE value ADD PRIMARY KEY (town, variable, year, area)"
FLOOR=$(printf "%.1f" "$(echo "$(date +%s.%N) - $FSTART" | bc)")
FLOOR_SIZE=$(psql "$FLOOR_DB" -XAtc "SELECT pg_database_size('floor')")

echo "== serve all towns from one process"
SSTART=$(date +%s.%N)
QUARTIER_PG_POOL=32 "$Q" serve --database "$PG?schema=atlas" --port "$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/health/ready" > /dev/null && break; sleep 0.1; done
STARTUP=$(printf "%.1f" "$(echo "$(date +%s.%N) - $SSTART" | bc)")
KEYS=$(curl -sf "http://127.0.0.1:$PORT/api/indicators" | python3 -c "import json,sys; print(' '.join(i['key'] for i in json.load(sys.stdin)[:5]))")
# 2,000 indicator pages across the towns, in a fixed random order.
python3 - "$TOWNS" $KEYS > "$OUT/paths.txt" <<'PY'
import random, sys
towns, keys = int(sys.argv[1]), sys.argv[2:]
rng = random.Random(9)
for _ in range(2000):
    t = rng.randrange(towns)
    print(("" if t == 0 else f"/g{t:03d}") + f"/indikator/{rng.choice(keys)}")
PY
{ echo "local paths = {"; sed 's/.*/  "&",/' "$OUT/paths.txt"; echo "}"
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'; } > "$OUT/quartier.lua"
# First visits (nothing cached yet): sequential, one request per page.
COLD=$(python3 - "http://127.0.0.1:$PORT" "$OUT/paths.txt" "$OUT/static" <<'PY'
import http.client, sys, time, urllib.parse
base, paths, static = sys.argv[1], open(sys.argv[2]).read().split(), sys.argv[3]
u = urllib.parse.urlsplit(base)
con = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
times, seen = [], set()
for n, p in enumerate(paths):
    t = time.perf_counter()
    con.request("GET", p)
    r = con.getresponse()
    body = r.read()
    assert r.status == 200, (p, r.status)
    if p not in seen:
        times.append((time.perf_counter() - t) * 1000)
        seen.add(p)
    open(f"{static}/p{n}", "wb").write(body)
times.sort()
print(f"{times[len(times) // 2]:.1f} ms / {times[int(len(times) * 0.99) - 1]:.1f} ms over {len(times)} pages")
PY
)
awk '{print "/p" NR-1}' "$OUT/paths.txt" > "$OUT/static-paths.txt"
{ echo "local paths = {"; sed 's/.*/  "&",/' "$OUT/static-paths.txt"; echo "}"
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'; } > "$OUT/static.lua"

run_wrk() { # name url script
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$3" "$2" > "$OUT/$1.wrk" 2>&1 || true
  local rps p50 p99 non2xx errors
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/$1.wrk")
  p50=$(awk '$1=="50%"{print $2}' "$OUT/$1.wrk")
  p99=$(awk '$1=="99%"{print $2}' "$OUT/$1.wrk")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$OUT/$1.wrk")
  errors=$(awk '/Socket errors/{print $0}' "$OUT/$1.wrk")
  echo "| $1 | ${rps:-–} | ${p50:-–} | ${p99:-–} | ${non2xx:-0} | ${errors:-none} |"
}

{
  echo "Scale benchmark, $(nproc) cores, PostgreSQL $(psql "$PG" -XAtc 'SHOW server_version') (fsync on), $(cat "$OUT/generate.txt")"
  echo
  echo "| step | Quartier | peer | ratio |"
  echo "|---|---|---|---|"
  echo "| load (town add, import areas, import table, release; $JOBS jobs) | ${LOAD} s | PostgreSQL COPY + primary key, one bare table: ${FLOOR} s | $(echo "scale=1; $LOAD / $FLOOR" | bc)× |"
  echo "| database size | $((SIZE / 1048576)) MB ($VALUES values) | bare table: $((FLOOR_SIZE / 1048576)) MB | $(echo "scale=1; $SIZE / $FLOOR_SIZE" | bc)× |"
  echo "| server start with $TOWNS towns | ${STARTUP} s | | |"
  echo "| first visit of 2,000 indicator pages, sequential (p50 / p99) | $COLD | | |"
  echo
  echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s over the same 2,000 indicator pages of $TOWNS towns:"
  echo
  echo "| server | requests/s | p50 | p99 | non-2xx | socket errors |"
  echo "|---|---|---|---|---|---|"
  run_wrk "Quartier on PostgreSQL" "http://127.0.0.1:$PORT" "$OUT/quartier.lua"
  kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=
  (cd "$OUT/static" && exec python3 -m http.server "$PEER_PORT" --bind 127.0.0.1 > /dev/null 2>&1) &
  PEER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PEER_PORT/p0" > /dev/null && break; sleep 0.1; done
  run_wrk "Python http.server, static copies" "http://127.0.0.1:$PEER_PORT" "$OUT/static.lua"
  kill $PEER; wait $PEER 2>/dev/null || true; PEER=
} | tee "$OUT/scale.md"
