#!/usr/bin/env bash
# Import of an Excel workbook of 1,000,000 cells (250,000 rows × Gebiet, Variable, Jahr, Wert,
# written by openpyxl with shared strings as Excel does), against pandas.read_excel (openpyxl)
# reading the same file in the same run. Usage: bash bench/xlsx.sh   (RUNS=3; results in $OUT/xlsx.md)
# Needs ../shared/bench/peers/gen_town.py, python3 with venv.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-own}"
VENV="${VENV:-${TMPDIR:-/tmp}/quartier-bench-xlsx-venv}"
RUNS="${RUNS:-3}"
CELLS="${CELLS:-1000000}"
mkdir -p "$OUT"
cd "$ROOT"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
# The venv is shared with bench/validate.sh: install whatever this script needs and it lacks.
"$VENV/bin/python" -c "import numpy, shapely, pandas, openpyxl" 2>/dev/null || "$VENV/bin/pip" install -q numpy shapely pandas openpyxl
PY="$VENV/bin/python"
GEN="$ROOT/../shared/bench/peers/gen_town.py"
[ -f "$OUT/bench542_areas.geojson" ] || "$PY" "$GEN" --name bench542 --n 20000 --k 542 --area-km2 891 --out "$OUT" >/dev/null
[ -f "$OUT/values.csv" ] || "$PY" bench/gen_values.py --areas "$OUT/bench542_areas.geojson" --years 74 --out "$OUT/values.csv"
[ -f "$OUT/values-$CELLS.xlsx" ] || "$PY" bench/xlsx.py write "$OUT/values.csv" "$OUT/values-$CELLS.xlsx" "$CELLS"
XLSX="$OUT/values-$CELLS.xlsx"

measure() { # name setup command → median seconds and the peak RSS (KB) of that run
  local name="$1" setup="$2" cmd="$3"
  : > "$OUT/$name.times"
  for _ in $(seq 1 "$RUNS"); do
    sh -c "$setup"
    /usr/bin/time -f "%e %M" -o "$OUT/$name.time" sh -c "$cmd" > "$OUT/$name.out" 2>"$OUT/$name.err" || { cat "$OUT/$name.err" >&2; exit 1; }
    tail -1 "$OUT/$name.time" >> "$OUT/$name.times"
  done
  sort -n "$OUT/$name.times" | awk -v n="$RUNS" 'NR==int((n+1)/2){print $1, $2}'
}
DB="$OUT/xlsx.sqlite"
SETUP="rm -f $DB $DB-wal $DB-shm && $Q import areas $OUT/bench542_areas.geojson --db $DB --level Sozialraum --code-property SR_ID --name-property SR_Name > /dev/null"
read -r QS QM < <(measure quartier_xlsx "$SETUP" "$Q import table $XLSX --db $DB --create-variables")
read -r QCS QCM < <(measure quartier_xlsx_check "$SETUP" "$Q import table $XLSX --db $DB --create-variables --dry-run")
read -r PS PM < <(measure pandas_openpyxl "true" "$PY bench/xlsx.py pandas $XLSX")
grep -q "Importiert: $((CELLS / 4 - 1)) Werte" "$OUT/quartier_xlsx.out" || { echo "unexpected import result:"; cat "$OUT/quartier_xlsx.out"; exit 1; }
{
  echo "## XLSX import, $CELLS cells ($(date -u +%Y-%m-%d), $(nproc) cores, median of $RUNS runs)"
  echo
  echo "| tool | seconds | peak RSS MB | Quartier ÷ tool |"
  echo "|---|---|---|---|"
  awk -v s="$QS" -v m="$QM" -v q="$QS" 'BEGIN{printf "| quartier import table (read, check, write SQLite) | %.2f | %.0f | %.2f |\n", s, m/1024, q/s}'
  awk -v s="$QCS" -v m="$QCM" -v q="$QS" 'BEGIN{printf "| quartier import table --dry-run (read and check) | %.2f | %.0f | %.2f |\n", s, m/1024, q/s}'
  awk -v s="$PS" -v m="$PM" -v q="$QS" 'BEGIN{printf "| pandas.read_excel (openpyxl), into a DataFrame only | %.2f | %.0f | %.2f |\n", s, m/1024, q/s}'
} | tee "$OUT/xlsx.md"
