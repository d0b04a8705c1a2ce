#!/usr/bin/env bash
# Time the Sozialbericht (HTML and PDF) and the area profiles (PDF) for the demo town (16 areas)
# and for the 542-area benchmark database that bench/run.sh builds. Median of 3 runs, release
# build, whole command (open the database, compute every indicator, lay out, write the file).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-own}"
mkdir -p "$OUT"
cd "$ROOT"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"
rm -f "$OUT/demo.sqlite"*
"$Q" demo --db "$OUT/demo.sqlite" > /dev/null
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
run() { # output db [flags]
  local out="$1" db="$2"; shift 2
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$OUT/report.time" "$Q" report "$OUT/$out" --db "$db" --internal "$@" > /dev/null
    cat "$OUT/report.time"
  done | median
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/{print $2}'; }
row() { # label db prefix
  local h p s
  h=$(run "$3.html" "$2"); p=$(run "$3.pdf" "$2"); s=$(run "$3-steckbriefe.pdf" "$2" --profiles)
  echo "| $1 | $h | $p ($(pages "$OUT/$3.pdf") pages, $(( $(wc -c < "$OUT/$3.pdf") / 1024 )) KB) | $s ($(pages "$OUT/$3-steckbriefe.pdf") pages) |"
}
{
  echo "## Sozialbericht, median of 3 runs in seconds ($(date -u +%Y-%m-%d))"
  echo
  echo "| town | report HTML | report PDF | all area profiles PDF |"
  echo "|---|---|---|---|"
  row "demo, 16 areas × 29 indicators" "$OUT/demo.sqlite" demo
  if [ -f "$OUT/atlas.sqlite" ]; then
    row "benchmark town, 542 areas" "$OUT/atlas.sqlite" b542
  else
    echo "| benchmark town, 542 areas | (run bench/run.sh first) | | |"
  fi
} | tee "$OUT/report.md"
