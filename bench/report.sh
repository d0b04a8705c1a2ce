#!/usr/bin/env bash
# Time the Sozialbericht draft (HTML) for the demo town (16 areas) and for the 542-area benchmark
# database that bench/run.sh builds. Median of 3 runs, release build.
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
run() { # name db
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$OUT/report.time" "$Q" report "$OUT/report-$1.html" --db "$2" > /dev/null
    cat "$OUT/report.time"
  done | median
}
{
  echo "## Sozialbericht draft (HTML), median of 3 runs ($(date -u +%Y-%m-%d))"
  echo
  echo "| town | seconds | size |"
  echo "|---|---|---|"
  echo "| demo, 16 areas × 29 indicators | $(run demo "$OUT/demo.sqlite") | $(wc -c < "$OUT/report-demo.html") bytes |"
  if [ -f "$OUT/atlas.sqlite" ]; then
    echo "| benchmark town, 542 areas | $(run b542 "$OUT/atlas.sqlite") | $(wc -c < "$OUT/report-b542.html") bytes |"
  else
    echo "| benchmark town, 542 areas | (run bench/run.sh first) | |"
  fi
} | tee "$OUT/report.md"
