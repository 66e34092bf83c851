#!/usr/bin/env bash
# Runs the Python reference's anchor workloads and this project's, one after the other in one go,
# and prints ../shared/bench/compare.py's table (speed-up = python ns / swift ns).
# Usage: Benchmarks/compare.sh [PYTHON_ITERATIONS] [SWIFT_ITERATIONS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shared=${SHARED_DIR:-$(cd "$here/../.." && pwd)/shared}
[[ -d $shared/bench ]] || { echo "compare.sh: no $shared/bench (set SHARED_DIR)" >&2; exit 2; }
cd "$here"
swift build -c release --product AnchorWorkloads >&2
out=$(mktemp -d)
ANCHOR_VENV="$here/.build-anchor-venv" bash "$shared/bench/python_anchor.sh" "${1:-50000}" > "$out/python.jsonl"
"$here/.build/release/AnchorWorkloads" "${2:-1000000}" > "$out/swift.jsonl"
python3 "$shared/bench/compare.py" "$out/python.jsonl" "$out/swift.jsonl"
