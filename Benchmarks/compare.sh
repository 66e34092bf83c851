#!/usr/bin/env bash
# Runs the Python reference's anchor workloads and this project's, one after the other in one go,
# and prints ../shared/bench/compare.py's table (speed-up = python ns / swift ns).
# Usage: [ROUNDS=N] Benchmarks/compare.sh [PYTHON_ITERATIONS] [SWIFT_ITERATIONS]
# With ROUNDS=N (default 1) it does that N times, printing each round's table, then the median of
# each column over the rounds (the speed-up's median is over the rounds' own speed-ups): on a
# shared machine one round's timings move by 20 % or more.
# With COMPARE_CPU=N both sides run on CPU N only: the vCPUs of a shared VM can differ by half from
# each other at the same moment, and pinning puts both sides under the same conditions (but also
# the exporter's writer thread on the caller's CPU, which slows the export rows).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shared=${SHARED_DIR:-$(cd "$here/../.." && pwd)/shared}
[[ -d $shared/bench ]] || { echo "compare.sh: no $shared/bench (set SHARED_DIR)" >&2; exit 2; }
cd "$here"
swift build -c release --product AnchorWorkloads >&2
rounds=${ROUNDS:-1}
pin=()
cpu=${COMPARE_CPU:-}
if [[ -n $cpu ]] && command -v taskset > /dev/null; then pin=(taskset -c "$cpu"); fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  ANCHOR_VENV="$here/.build-anchor-venv" "${pin[@]}" bash "$shared/bench/python_anchor.sh" "${1:-50000}" > "$out/python-$round.jsonl"
  "${pin[@]}" "$here/.build/release/AnchorWorkloads" "${2:-1000000}" > "$out/swift-$round.jsonl"
  [[ $rounds == 1 ]] || echo "round $round of $rounds, $(date -u '+%H:%M:%S UTC'), load $(cut -d' ' -f1 /proc/loadavg), ${pin[*]:-not pinned}"
  python3 "$shared/bench/compare.py" "$out/python-$round.jsonl" "$out/swift-$round.jsonl"
done
[[ $rounds == 1 ]] && exit 0
echo "median of $rounds rounds"
python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
folder, rounds = sys.argv[1], int(sys.argv[2])
def load(path):
    rows = {}
    for line in open(path):
        if line.startswith("{"):
            row = json.loads(line)
            rows[row["workload"]] = float(row["ns_per_op"])
    return rows
python = [load(f"{folder}/python-{r}.jsonl") for r in range(1, rounds + 1)]
swift = [load(f"{folder}/swift-{r}.jsonl") for r in range(1, rounds + 1)]
print(f"{'workload':22} {'python ns':>12} {'swift ns':>12} {'speed-up':>10}")
for workload in swift[0]:
    s = statistics.median(run[workload] for run in swift)
    if workload in python[0]:
        p = statistics.median(run[workload] for run in python)
        ratio = statistics.median(py[workload] / sw[workload] for py, sw in zip(python, swift))
        print(f"{workload:22} {p:12.1f} {s:12.1f} {ratio:9.1f}x")
    else:
        print(f"{workload:22} {'-':>12} {s:12.1f} {'-':>10}")
PY
