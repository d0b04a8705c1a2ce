#!/usr/bin/env bash
# Hostile requests against the release build (issue 16): timing of anonymous multipart bodies
# with huge boundaries, /health/live under that load, memory under 40 parallel 49 MB POSTs and a
# zip bomb upload. Usage: bash bench/hostile.sh   (needs python3 with requests)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
swift build -c release --product quartier 2>&1 | tail -1
Q="$(swift build -c release --show-bin-path)/quartier"
PY="${PYTHON:-python3}"
"$PY" -c "import requests" 2>/dev/null || { python3 -m venv "${TMPDIR:-/tmp}/quartier-bench-hostile-venv"; PY="${TMPDIR:-/tmp}/quartier-bench-hostile-venv/bin/python"; "$PY" -m pip install -q requests; }
"$PY" bench/hostile.py "$Q"
