#!/usr/bin/env bash
# Counts the instructions of each anchor workload with valgrind's callgrind, which counts
# instructions exactly (the same on a busy machine as on an idle one). Prints one JSON line each:
# {"workload": NAME, "instructions_per_op": N}. Needs valgrind and a release build of AnchorWorkloads.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The counts come from a copy without debug information, which valgrind loads faster
# (the symbols stay).
binary=$(mktemp)
trap 'rm -f "$binary"' EXIT
cp "$here/.build/release/AnchorWorkloads" "$binary"
strip --strip-debug "$binary"
chmod +x "$binary"
count() { # workload iterations -> total instructions
  local file
  file=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$file" "$binary" "$2" "$1" > /dev/null 2>&1
  callgrind_annotate "$file" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$file"
}
# async_span_simple is left out: valgrind 3.19 crashes on the concurrency runtime's worker threads.
for workload in event_no_handler event_one_handler span_null_handler span_simple_handler pipeline span_handwritten; do
  n=20000
  ops=$n
  [[ $workload == pipeline ]] && ops=$((n / 5))
  small=$(count "$workload" "$n")
  large=$(count "$workload" $((n * 2)))
  echo "{\"workload\": \"$workload\", \"instructions_per_op\": $(( (large - small) / ops ))}"
done
