#!/usr/bin/env bash
# Checks the benchmarks against the committed thresholds, on measures that are stable on a shared
# machine: allocations (ordo-one benchmark thresholds, Thresholds/*.json) and instructions per
# operation (callgrind, Thresholds/instructions.jsonl, at most 10% above the baseline).
# Refresh the baselines after a deliberate change with: Benchmarks/check.sh --update
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
export LLM_INSTRUMENTATION_BENCHMARK_CHECK=1
swift build -c release >&2
if [[ ${1:-} == --update ]]; then
  swift package --allow-writing-to-package-directory benchmark thresholds update --no-progress >&2
  ./instructions.sh > Thresholds/instructions.jsonl
  cat Thresholds/instructions.jsonl
  exit 0
fi
swift package benchmark thresholds check --no-progress
./instructions.sh > .build/instructions-now.jsonl
python3 - Thresholds/instructions.jsonl .build/instructions-now.jsonl <<'PY'
import json, sys
def load(path):
    return {row["workload"]: row["instructions_per_op"] for row in map(json.loads, open(path))}
baseline, now = load(sys.argv[1]), load(sys.argv[2])
failed = False
for workload, allowed in baseline.items():
    measured = now.get(workload)
    ok = measured is not None and measured <= allowed * 1.10
    failed |= not ok
    print(f"{workload:22} baseline {allowed:8} now {measured!s:>8}  {'ok' if ok else 'REGRESSED'}")
sys.exit(1 if failed else 0)
PY
