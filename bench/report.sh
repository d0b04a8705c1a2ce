#!/usr/bin/env bash
# Time the Sozialbericht (HTML, tagged PDF, Word, PowerPoint) and the area profiles (PDF) for the
# demo town (16 areas) and for the 542-area benchmark database that bench/run.sh builds. Median of
# 3 runs, release build, whole command (open the database, compute every indicator, lay out,
# rasterise the maps for Word and PowerPoint, write the file). Peer in the same run: LibreOffice
# (headless Writer/Web) converting Quartier's own HTML report to PDF, where soffice is installed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-own}"
mkdir -p "$OUT"
cd "$ROOT"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"
rm -f "$OUT/demo.sqlite"*
"$Q" demo --db "$OUT/demo.sqlite" > /dev/null
median() { sort -n | awk '{a[NR]=$0} END{print a[int((NR+1)/2)]}'; }
run() { # output db [flags]
  local out="$1" db="$2"; shift 2
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$OUT/report.time" "$Q" report "$OUT/$out" --db "$db" --internal "$@" > /dev/null
    cat "$OUT/report.time"
  done | median
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/{print $2}'; }
kb() { echo "$(( $(wc -c < "$1") / 1024 )) KB"; }
# LibreOffice converting the HTML report (and its stylesheet) to PDF, its own profile: median of 3
# for the demo town; once for the 542-area town, stopped after LO_LIMIT seconds (default 300).
LO_LIMIT="${LO_LIMIT:-300}"
lo() { # prefix runs
  if ! command -v soffice > /dev/null; then echo "(no soffice)"; return; fi
  rm -rf "$OUT/lo-$1"; mkdir -p "$OUT/lo-$1"
  for _ in $(seq 1 "$2"); do
    if /usr/bin/time -f "%e" -o "$OUT/lo.time" timeout "$LO_LIMIT" soffice --headless "-env:UserInstallation=file://$OUT/lo-profile" \
        --convert-to pdf:writer_web_pdf_Export --outdir "$OUT/lo-$1" "$OUT/$1.html" > /dev/null 2>&1; then
      tail -1 "$OUT/lo.time"
    else
      pkill -f "UserInstallation=file://$OUT/lo-profile" 2> /dev/null || true
      echo "> $LO_LIMIT (stopped)"; return
    fi
  done | median
}
row() { # label db prefix lo-runs
  local h p d x s l
  h=$(run "$3.html" "$2"); p=$(run "$3.pdf" "$2"); d=$(run "$3.docx" "$2"); x=$(run "$3.pptx" "$2")
  s=$(run "$3-steckbriefe.pdf" "$2" --profiles); l=$(lo "$3" "$4")
  echo "| $1 | $h | $p ($(pages "$OUT/$3.pdf") pages, $(kb "$OUT/$3.pdf")) | $d ($(kb "$OUT/$3.docx")) | $x ($(kb "$OUT/$3.pptx")) | $s ($(pages "$OUT/$3-steckbriefe.pdf") pages) | $l |"
}
{
  echo "## Sozialbericht, median of 3 runs in seconds ($(date -u +%Y-%m-%d))"
  echo
  echo "| town | report HTML | report PDF (tagged) | report DOCX | report PPTX | all area profiles PDF | LibreOffice: HTML report → PDF |"
  echo "|---|---|---|---|---|---|---|"
  row "demo, 16 areas × 29 indicators" "$OUT/demo.sqlite" demo 3
  if [ -f "$OUT/atlas.sqlite" ]; then
    row "benchmark town, 542 areas" "$OUT/atlas.sqlite" b542 1
  else
    echo "| benchmark town, 542 areas | (run bench/run.sh first) | | | | | |"
  fi
} | tee "$OUT/report.md"
