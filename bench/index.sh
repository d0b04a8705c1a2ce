#!/usr/bin/env bash
# Social index over 1,000 areas × 10 indicators (5 status, 5 dynamics, Berlin method with
# leave-one-out), timed in-process (median of 50 runs), plus the whole command for reference.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/quartier-bench-own}"
mkdir -p "$OUT"
cd "$ROOT"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"
python3 - "$OUT/index1000.csv" <<'PY'
import random, sys
r = random.Random(3)
with open(sys.argv[1], "w") as f:
    f.write("Gebiet;EW;" + ";".join(f"s{i}" for i in range(5)) + ";" + ";".join(f"d{i}" for i in range(5)) + "\n")
    for a in range(1000):
        base = r.random()
        vals = [f"{(2 + 30 * base * r.uniform(0.7, 1.3)):.2f}".replace(".", ",") for _ in range(5)]
        vals += [f"{r.uniform(-2, 2):.2f}".replace(".", ",") for _ in range(5)]
        f.write(f"A{a:04d};{r.randint(100, 8000)};" + ";".join(vals) + "\n")
PY
S="s0,s1,s2,s3,s4"; D="d0,d1,d2,d3,d4"
t=$("$Q" index "$OUT/index1000.csv" --population-column EW --status "$S" --dynamics "$D" --repeats 50 2>&1 >/dev/null | awk '/median_seconds/{print $2}')
/usr/bin/time -f "%e" -o "$OUT/index.time" "$Q" index "$OUT/index1000.csv" --population-column EW --status "$S" --dynamics "$D" > /dev/null
{
  echo "## Social index, 1,000 areas × 10 indicators ($(date -u +%Y-%m-%d))"
  echo
  awk -v t="$t" 'BEGIN{printf "in-process median: %.2f ms (target < 10 ms)\n", t*1000}'
  echo "whole command (read CSV, compute, write CSV): $(cat "$OUT/index.time") s"
} | tee "$OUT/index.md"
