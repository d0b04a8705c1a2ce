#!/usr/bin/env bash
# Fisher-Jenks k = 5 on 542 and 10,000 values: Quartier against mapclassify with numba, in one run,
# on the same values (../shared/bench/peers/peer_classify.py generates and times them).
# Usage: bash bench/classify.sh        (results in $OUT/classify.md)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-own}"
VENV="${VENV_NUMBA:-${TMPDIR:-/tmp}/quartier-bench-numba}"
PEER="$ROOT/../shared/bench/peers/peer_classify.py"
mkdir -p "$OUT"
cd "$ROOT"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q mapclassify numba
fi
"$VENV/bin/python" "$PEER" --dump "$OUT" --sizes 542,10000
"$VENV/bin/python" "$PEER" --sizes 542,10000 --reps 5 > "$OUT/peer_classify.out" 2>&1
{
  echo "# Fisher-Jenks k = 5 ($(date -u +%Y-%m-%d), $(nproc) cores, median of 5 in-process runs, seconds)"
  echo
  echo "| n | Quartier | mapclassify + numba | Quartier ÷ mapclassify | same bounds |"
  echo "|---|---|---|---|---|"
  for n in 542 10000; do
    # The peer writes its values with a decimal point.
    q=$("$Q" classify "$OUT/values_$n.txt" --method jenks --classes 5 --repeats 5 --decimal point)
    qs=$(echo "$q" | awk '/median_seconds/{print $2}')
    ps=$(awk -v n="$n" '$2 == "fisherjenks_" n {print $3}' "$OUT/peer_classify.out")
    qb=$(echo "$q" | awk -F'[],]' '/^\(/{printf "%s%s", sep, $2+0; sep=", "}')
    pb=$(awk -v n="$n" '$2 == "fisherjenks_" n {sub(/.*bins \[/, ""); sub(/\].*/, ""); print}' "$OUT/peer_classify.out")
    same=$([ "$qb" = "$pb" ] && echo "yes: $qb" || echo "NO: $qb vs $pb")
    awk -v n="$n" -v q="$qs" -v p="$ps" -v s="$same" 'BEGIN{printf "| %s | %.5f | %.5f | %.3f | %s |\n", n, q, p, q/p, s}'
  done
} | tee "$OUT/classify.md"
