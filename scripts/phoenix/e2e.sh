#!/usr/bin/env bash
# End-to-end test of tracing into Arize Phoenix: builds Examples/PhoenixTracing, starts a local
# Phoenix (scripts/phoenix/start.sh), runs `phoenix-demo query` and `phoenix-demo agent` as two
# processes joined by a propagation context file, checks the trace through Phoenix's REST API
# (scripts/phoenix/check_traces.py) and always stops Phoenix. Exits with the check's status.
#
#   scripts/phoenix/e2e.sh
#
# PHOENIX_E2E_EXPECT=full|standin   the check's expectations (default: full, what the example's
#                                   TracingBridge exports; standin is a looser set of checks
#                                   kept for debugging the pipeline without attributes)
# PHOENIX_PORT, PHOENIX_GRPC_PORT   as for start.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

expect="${PHOENIX_E2E_EXPECT:-full}"
port="${PHOENIX_PORT:-6006}"
url="http://127.0.0.1:$port"
project="phoenix-demo-e2e-$(date +%Y%m%d-%H%M%S)-$$"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/phoenix-e2e.XXXXXX")"
timings=()

now() { date +%s.%N; }
timed() {  # timed LABEL COMMAND...: runs the command and records how long it took
  local label="$1" started status=0
  shift
  started=$(now)
  "$@" || status=$?
  timings+=("$(awk -v a="$started" -v b="$(now)" -v l="$label" 'BEGIN { printf "  %-28s %7.1f s", l, b - a }')")
  return "$status"
}
finish() {
  local status=$?
  "$here/stop.sh" || true
  rm -rf "$scratch"
  echo "== e2e timings"
  printf '%s\n' "${timings[@]}"
  if (( status != 0 )) && [[ -f "$repo/.build-phoenix/phoenix.log" ]]; then
    echo "== the end of Phoenix's log (.build-phoenix/phoenix.log)"
    grep -v "sqlalchemy.engine" "$repo/.build-phoenix/phoenix.log" | tail -n 30
  fi
  echo "== e2e: $([[ $status == 0 ]] && echo passed || echo "FAILED (status $status)")"
  exit "$status"
}
trap finish EXIT

echo "== build Examples/PhoenixTracing"
timed "build phoenix-demo" swift build --package-path Examples/PhoenixTracing
demo="$(swift build --package-path Examples/PhoenixTracing --show-bin-path)/phoenix-demo"

echo "== start Phoenix"
timed "start Phoenix" "$here/start.sh"

echo "== process 1: phoenix-demo query (project $project)"
timed "phoenix-demo query" "$demo" query --endpoint "$url/v1/traces" --project "$project" \
  --context-out "$scratch/context.json"

echo "== process 2: phoenix-demo agent"
timed "phoenix-demo agent" "$demo" agent --endpoint "$url/v1/traces" --project "$project" \
  --context-in "$scratch/context.json"

echo "== self-test of the check: a reference trace shaped as the real bridge will export it passes --expect full"
timed "reference trace + check" bash -c '"$1" "$2/emit_reference_trace.py" --url "$3" --project "$4-reference" &&
  python3 "$2/check_traces.py" --url "$3" --project "$4-reference" --expect full > "$5/reference-check.txt" ||
  { cat "$5/reference-check.txt"; exit 1; }' _ "${PHOENIX_VENV:-$repo/.build-phoenix-venv}/bin/python" "$here" "$url" "$project" "$scratch"
tail -n 1 "$scratch/reference-check.txt"

echo "== check the trace in Phoenix (--expect $expect)"
timed "check_traces.py" python3 "$here/check_traces.py" --url "$url" --project "$project" --expect "$expect"
