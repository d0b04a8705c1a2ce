#!/usr/bin/env bash
# Fuzzes Quartier's readers with libFuzzer (coverage-guided, with AddressSanitizer): the CSV
# table reader, the GeoJSON area reader, the shapefile reader, zipped shapefiles, multipart and
# URL-encoded forms, the indicator formula parser, and Excel 97–2003 workbooks. Each harness starts from its seed corpus in
# Fuzz/corpus/NAME (committed; the tests replay it) and runs for RUNS executions or SECONDS.
# Usage: bash bench/fuzz.sh [RUNS=1000000] [SECONDS=600]; HARNESSES="FuzzZip FuzzCSV" picks some;
# findings go to $OUT/NAME/ (the corpus there grows from run to run).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-1000000}"
MAXTIME="${2:-600}"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-fuzz}"
cd "$ROOT"
export QUARTIER_FUZZ=1
FLAGS=(-c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
swift build "${FLAGS[@]}" 2>&1 | grep -E "error|warning: |Compiling|Build" | grep -v "^\[" || true
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)"
printf '| harness | executions | seconds | crashes | corpus |\n|---|---|---|---|---|\n'
status=0
for name in ${HARNESSES:-FuzzCSV FuzzGeoJSON FuzzShapefile FuzzZip FuzzMultipart FuzzFormula FuzzXLS}; do
  mkdir -p "$OUT/$name/corpus" "$OUT/$name/crashes"
  cp -n Fuzz/corpus/"$name"/* "$OUT/$name/corpus/" 2>/dev/null || true
  start=$SECONDS
  set +e
  # Foundation leaks 29 bytes per FileManager path conversion (ZIPFoundation opens the zip by path): no leak check there.
  leaks=1; [ "$name" = FuzzZip ] && leaks=0
  ASAN_OPTIONS="detect_leaks=$leaks" "$BIN/$name" -runs="$RUNS" -max_total_time="$MAXTIME" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -detect_leaks=$leaks \
    -artifact_prefix="$OUT/$name/crashes/" -print_final_stats=1 "$OUT/$name/corpus" > "$OUT/$name/log.txt" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$OUT/$name/log.txt" | grep -o '[0-9]*$' || echo 0)
  crashes=$(find "$OUT/$name/crashes" -type f | wc -l)
  units=$(find "$OUT/$name/corpus" -type f | wc -l)
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$execs" "$((SECONDS - start))" "$crashes" "$units"
  if [ $rc -ne 0 ] || [ "$crashes" -gt 0 ]; then status=1; tail -20 "$OUT/$name/log.txt" >&2; fi
done
exit $status
