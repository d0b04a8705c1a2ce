#!/usr/bin/env bash
# Secondary suppression against Tau-Argus (pytauargus from PyPI, with HiGHS) on five tables of a
# small synthetic town. Usage: bash bench/sdc.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-sdc}"
VENV="${VENV:-${TMPDIR:-/tmp}/quartier-bench-sdc-venv}"
mkdir -p "$OUT"
cd "$ROOT"
swift build --product quartier 2>&1 | tail -1
Q="$(swift build --show-bin-path)/quartier"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pytauargus pandas numpy shapely
fi
[ -f "$OUT/sdc_persons.csv" ] || "$VENV/bin/python" "$ROOT/../shared/bench/peers/gen_town.py" --name sdc --n 2500 --k 16 --area-km2 12 --out "$OUT" > /dev/null
"$Q" aggregate "$OUT/sdc_persons.csv" --areas "$OUT/sdc_areas.geojson" --code-property SR_ID --date 2024-12-31 \
  --age-groups 0-2,3-5,6-9,10-14,15-17,18-64,65- --out "$OUT/counts.csv" --crosstab "$OUT/crosstab.csv" > /dev/null
# pytauargus writes its run logs (CSPlogfile.txt, cspSCIP.*, FullJJ.log) into the working folder: run it in $OUT.
(cd "$OUT" && "$VENV/bin/python" "$ROOT/bench/sdc_compare.py" "$Q" "$OUT/crosstab.csv" "$OUT") | tee "$OUT/sdc.md"
