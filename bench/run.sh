#!/usr/bin/env bash
# Quartier benchmarks, with peer tools measured in the same run on the same data:
#   1. import throughput: a 1,000,000-value long CSV (542 areas × 25 variables × 74 years);
#   2. indicator page for 542 areas (map + table), against an analyst's geopandas SVG map.
# Usage: bash bench/run.sh            (RUNS=3 by default; results in $OUT/results.md)
# Needs ../shared/bench/peers/gen_town.py for realistic area geometry, python3 with venv, sqlite3, wrk (Debian).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-own}"
VENV="${VENV:-${TMPDIR:-/tmp}/quartier-bench-venv}"
RUNS="${RUNS:-3}"
PORT="${PORT:-18080}"
mkdir -p "$OUT"
cd "$ROOT"

echo "== build (release)"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"

if [ ! -x "$VENV/bin/python" ]; then
  echo "== peer venv ($VENV)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q numpy shapely pandas duckdb geopandas matplotlib mapclassify pyproj
fi
PY="$VENV/bin/python"

echo "== data"
GEN="$ROOT/../shared/bench/peers/gen_town.py"
[ -f "$OUT/bench542_areas.geojson" ] || "$PY" "$GEN" --name bench542 --n 20000 --k 542 --area-km2 891 --out "$OUT" >/dev/null
[ -f "$OUT/values.csv" ] || "$PY" bench/gen_values.py --areas "$OUT/bench542_areas.geojson" --years 74 --out "$OUT/values.csv"
VALUES=$(($(wc -l < "$OUT/values.csv") - 1))
cat "$OUT/values.csv" > /dev/null

# median wall-clock seconds of RUNS runs of a command (after a setup command each time)
measure() { # name setup command
  local name="$1" setup="$2" cmd="$3"
  : > "$OUT/$name.times"
  for _ in $(seq 1 "$RUNS"); do
    sh -c "$setup"
    /usr/bin/time -f "%e %M" -o "$OUT/$name.time" sh -c "$cmd" > /dev/null 2>"$OUT/$name.err"
    tail -1 "$OUT/$name.time" >> "$OUT/$name.times"
  done
  sort -n "$OUT/$name.times" | awk -v n="$RUNS" 'NR==int((n+1)/2){print $1, $2}'
}

DB="$OUT/atlas.sqlite"
SETUP_Q="rm -f $DB $DB-wal $DB-shm && $Q import areas $OUT/bench542_areas.geojson --db $DB --level Sozialraum --code-property SR_ID --name-property SR_Name > /dev/null"
echo "== import: $VALUES values"
declare -A SEC MEM
read -r SEC[quartier] MEM[quartier] < <(measure quartier "$SETUP_Q" "$Q import table $OUT/values.csv --db $DB --create-variables")
read -r SEC[sqlite3_cli] MEM[sqlite3_cli] < <(measure sqlite3_cli "rm -f $OUT/p.sqlite" "sqlite3 $OUT/p.sqlite -cmd '.mode csv' -cmd '.separator ;' '.import $OUT/values.csv v'")
read -r SEC[python_sqlite] MEM[python_sqlite] < <(measure python_sqlite "rm -f $OUT/p.sqlite" "$PY bench/peer_import.py python-sqlite $OUT/values.csv $OUT/p.sqlite")
read -r SEC[pandas_sqlite] MEM[pandas_sqlite] < <(measure pandas_sqlite "rm -f $OUT/p.sqlite" "$PY bench/peer_import.py pandas-sqlite $OUT/values.csv $OUT/p.sqlite")
read -r SEC[duckdb] MEM[duckdb] < <(measure duckdb "rm -f $OUT/p.duckdb" "$PY bench/peer_import.py duckdb $OUT/values.csv $OUT/p.duckdb")

echo "== indicator page, 542 areas"
sh -c "$SETUP_Q" && "$Q" import table "$OUT/values.csv" --db "$DB" --create-variables > /dev/null
# Imported data are internal until released; the public indicator page needs them released.
"$Q" release --all --by Benchmark --db "$DB" > /dev/null
"$Q" serve --db "$DB" --port "$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break; sleep 0.2; done
read -r PAGE_MED PAGE_P95 PAGE_SIZE < <("$PY" bench/latency.py "http://127.0.0.1:$PORT/indikator/kinderarmut" 50)
read -r FRESH_MED FRESH_P95 FRESH_SIZE < <("$PY" bench/latency.py "http://127.0.0.1:$PORT/indikator/kinderarmut" 50 fresh)
read -r API_MED API_P95 API_SIZE < <("$PY" bench/latency.py "http://127.0.0.1:$PORT/api/indicators/kinderarmut" 50)
RPS="(wrk not installed)"
if command -v wrk > /dev/null; then
  RPS=$(wrk -t2 -c16 -d10s "http://127.0.0.1:$PORT/indikator/kinderarmut" | awk '/Requests\/sec/{print $2}')
fi
read -r PEER_MAP_MS PEER_MAP_SIZE < <("$PY" bench/peer_map.py "$OUT/bench542_areas.geojson" 5)
kill $SERVER 2>/dev/null || true

{
  echo "# Quartier benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, median of $RUNS runs)"
  echo
  echo "## Import of $VALUES values (long CSV, German numbers)"
  echo
  echo "| tool | seconds | values/s | peak RSS MB | Quartier's time ÷ tool's time |"
  echo "|---|---|---|---|---|"
  for t in quartier sqlite3_cli python_sqlite pandas_sqlite duckdb; do
    awk -v t="$t" -v s="${SEC[$t]}" -v m="${MEM[$t]}" -v q="${SEC[quartier]}" -v n="$VALUES" \
      'BEGIN{printf "| %s | %.2f | %.0f | %.0f | %.2f |\n", t, s, n/s, m/1024, q/s}'
  done
  echo
  echo "sqlite3_cli stores raw text (no number conversion, no key); the Python/pandas/DuckDB peers convert"
  echo "German numbers; only Quartier validates areas, variables, periods, duplicates and encodings."
  echo
  echo "## Indicator page for 542 areas (map, legend, table)"
  echo
  echo "| what | median ms | p95 ms | bytes |"
  echo "|---|---|---|---|"
  echo "| Quartier /indikator/kinderarmut (HTML + SVG) | $PAGE_MED | $PAGE_P95 | $PAGE_SIZE |"
  echo "| Quartier /indikator/kinderarmut uncached (a query string of its own per request) | $FRESH_MED | $FRESH_P95 | $FRESH_SIZE |"
  echo "| Quartier /api/indicators/kinderarmut (JSON) | $API_MED | $API_P95 | $API_SIZE |"
  echo "| geopandas + matplotlib SVG map only (peer) | $PEER_MAP_MS | | $PEER_MAP_SIZE |"
  echo
  awk -v q="$PAGE_MED" -v p="$PEER_MAP_MS" 'BEGIN{printf "Quartier page ÷ peer map: %.3f\n", q/p}'
  echo
  echo "wrk, 2 threads, 16 connections, 10 s, on loopback: $RPS requests/s for the 542-area indicator page"
} | tee "$OUT/results.md"
