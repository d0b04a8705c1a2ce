#!/usr/bin/env bash
# quartier aggregate against the C floor (floor_pip.c) and the geopandas peer on the synthetic
# towns of ../shared/bench/peers/gen_town.py, in one run: whole process, wall time and peak
# memory (/usr/bin/time), median of RUNS. Also checks that the counts agree with the peer.
# Usage: bash bench/aggregate.sh [preset ...]   (default: nienburg city1m berlin)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-aggregate}"
VENV="${VENV:-${TMPDIR:-/tmp}/quartier-bench-venv}"
RUNS="${RUNS:-3}"
PEERS="$ROOT/../shared/bench/peers"
mkdir -p "$OUT"
cd "$ROOT"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q numpy shapely pandas geopandas
fi
cc -O2 -o "$OUT/floor_pip" "$PEERS/floor_pip.c" -lm -lpthread
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
measure() { # name command...
  local name="$1"; shift
  : > "$OUT/$name.times"; : > "$OUT/$name.mem"
  for _ in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/$name.t" "$@" > /dev/null 2> "$OUT/$name.err"
    awk '{print $1}' "$OUT/$name.t" >> "$OUT/$name.times"; awk '{print $2}' "$OUT/$name.t" >> "$OUT/$name.mem"
  done
  echo "$(median < "$OUT/$name.times") $(( $(median < "$OUT/$name.mem") / 1024 ))"
}
{
  echo "## quartier aggregate, median of $RUNS runs ($(date -u +%Y-%m-%d), $(nproc) cores): seconds and peak MB"
  echo
  echo "| town | persons | C floor | Quartier | geopandas | Quartier ÷ floor | geopandas ÷ Quartier | counts equal |"
  echo "|---|---|---|---|---|---|---|---|"
  for preset in "${@:-nienburg city1m berlin}"; do
    for p in $preset; do
      [ -f "$OUT/${p}_persons.csv" ] || "$VENV/bin/python" "$PEERS/gen_town.py" --preset "$p" --out "$OUT" > /dev/null
      n=$(($(wc -l < "$OUT/${p}_persons.csv") - 1))
      read -r tf mf <<< "$(measure "floor-$p" "$OUT/floor_pip" "$OUT/${p}_persons.csv" "$OUT/${p}_areas.geojson")"
      read -r tq mq <<< "$(measure "quartier-$p" "$Q" aggregate "$OUT/${p}_persons.csv" --areas "$OUT/${p}_areas.geojson" --code-property SR_ID \
          --date 2024-12-31 --age-groups 0-2,3-5,6-9,10-14,15-17,18-64,65- --out "$OUT/$p-ours.csv" --crosstab "$OUT/$p-crosstab.csv")"
      read -r tg mg <<< "$(measure "geopandas-$p" "$VENV/bin/python" "$PEERS/peer_geopandas.py" "$OUT/${p}_persons.csv" "$OUT/${p}_areas.geojson" "$OUT/$p-peer")"
      same=$(cmp -s "$OUT/$p-crosstab.csv" "$OUT/$p-peer_counts.csv" && echo yes || echo NO)
      echo "| $p | $n | $tf s, $mf MB | $tq s, $mq MB | $tg s, $mg MB | $(awk "BEGIN{printf \"%.1f\", $tq/$tf}") | $(awk "BEGIN{printf \"%.1f\", $tg/$tq}") | $same |"
    done
  done
} | tee "$OUT/aggregate.md"
