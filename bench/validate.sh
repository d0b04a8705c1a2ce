#!/usr/bin/env bash
# Exact layer check (overlaps, gaps) of a 542-area layer and of an 11,000-polygon layer
# (../shared/bench/peers/gen_town.py, EPSG:25832, ~200 vertices each): `quartier validate`
# against shapely (GEOS) doing the same checks (pairwise intersections of touching areas and
# the holes of the union) on the same file in the same run. Both must report the same number of
# overlaps and gaps. Usage: bash bench/validate.sh   (RUNS=3; results in $OUT/validate.md)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-own}"
VENV="${VENV:-${TMPDIR:-/tmp}/quartier-bench-xlsx-venv}"
RUNS="${RUNS:-3}"
mkdir -p "$OUT"
cd "$ROOT"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/python" -c "import numpy, shapely, pandas" 2>/dev/null || "$VENV/bin/pip" install -q numpy shapely pandas
PY="$VENV/bin/python"
GEN="$ROOT/../shared/bench/peers/gen_town.py"
[ -f "$OUT/bench542_areas.geojson" ] || "$PY" "$GEN" --name bench542 --n 20000 --k 542 --area-km2 891 --out "$OUT" >/dev/null
[ -f "$OUT/bench11k_areas.geojson" ] || "$PY" "$GEN" --name bench11k --n 20000 --k 11000 --area-km2 3000 --out "$OUT" >/dev/null
cat > "$OUT/peer_validate.py" <<'PYEOF'
import json, sys, itertools
from shapely.geometry import shape, Polygon
from shapely.ops import unary_union
from shapely import STRtree
fc = json.load(open(sys.argv[1]))
geoms = [shape(f["geometry"]) for f in fc["features"]]
tree = STRtree(geoms)
overlaps = 0
for i, g in enumerate(geoms):
    for j in tree.query(g):
        if j > i and g.intersects(geoms[j]) and g.intersection(geoms[j]).area >= 1:
            overlaps += 1
u = unary_union(geoms)
gaps = sum(1 for p in ([u] if u.geom_type == "Polygon" else u.geoms) for r in p.interiors if Polygon(r).area >= 1)
print(overlaps, gaps)
PYEOF
measure() { # name command → median seconds and peak RSS (KB)
  local name="$1" cmd="$2"
  : > "$OUT/$name.times"
  for _ in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/$name.time" sh -c "$cmd" > "$OUT/$name.out" 2>"$OUT/$name.err" || true
    tail -1 "$OUT/$name.time" >> "$OUT/$name.times"
  done
  sort -n "$OUT/$name.times" | awk -v n="$RUNS" 'NR==int((n+1)/2){print $1, $2}'
}
{
  echo "## Layer check, exact topology ($(date -u +%Y-%m-%d), $(nproc) cores, median of $RUNS runs)"
  echo
  echo "| layer | quartier validate s | MB | shapely s | MB | Quartier ÷ shapely | findings (Q / shapely) |"
  echo "|---|---|---|---|---|---|---|"
} > "$OUT/validate.md"
for layer in bench542 bench11k; do
  F="$OUT/${layer}_areas.geojson"
  read -r QS QM < <(measure "q_$layer" "$Q validate $F --code-property SR_ID")
  grep -q "Gebiete geprüft" "$OUT/q_$layer.out" || { echo "quartier validate failed on $layer:"; cat "$OUT/q_$layer.out" "$OUT/q_$layer.err"; exit 1; }
  read -r PS PM < <(measure "p_$layer" "$PY $OUT/peer_validate.py $F")
  read -r PO PG < "$OUT/p_$layer.out"
  QO=$(grep -c "überlappen sich" "$OUT/q_$layer.out" || true)
  QG=$(grep -c -- "- Lücke\|- Loch" "$OUT/q_$layer.out" || true)
  [ "$QO" = "$PO" ] && [ "$QG" = "$PG" ] || { echo "findings differ on $layer: quartier $QO/$QG, shapely $PO/$PG"; exit 1; }
  awk -v l="$layer" -v qs="$QS" -v qm="$QM" -v ps="$PS" -v pm="$PM" -v f="$QO+$QG / $PO+$PG" \
    'BEGIN{printf "| %s | %.2f | %.0f | %.2f | %.0f | %.2f | %s |\n", l, qs, qm/1024, ps, pm/1024, qs/ps, f}' >> "$OUT/validate.md"
done
cat "$OUT/validate.md"
