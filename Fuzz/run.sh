#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for SECONDS (default 60).
#
#   Fuzz/run.sh [SECONDS]
#
# The core module and the reading module (the JSON-lines reader) are compiled with swiftc straight
# from Sources/LLMInstrumentation and Sources/LLMInstrumentationReading (with coverage
# instrumentation and AddressSanitizer: -sanitize=fuzzer,address), swift-log's Logging module from
# SwiftPM's checkout (AddressSanitizer only), and each target's main.swift is linked against them
# with libFuzzer's runtime, which ships with the Swift toolchain. Debug (-Onone) builds, in
# .build-fuzz/ (or $FUZZ_BUILD_DIR).
#
# Each target starts from its committed seed corpus (Fuzz/Corpus/<target>/, never written to);
# new inputs go to a temporary folder printed at the end. On a crash, leak, timeout or
# out-of-memory the script stops with a non-zero status and prints the reproducer's path; rerun it
# with `.build-fuzz/<Target>Fuzz <reproducer>`.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build="${FUZZ_BUILD_DIR:-$root/.build-fuzz}"
work="$(mktemp -d "${TMPDIR:-/tmp}/llm-instrumentation-fuzz.XXXXXX")"
mkdir -p "$build/modules"

# --- toolchain check: swiftc must link -sanitize=fuzzer (libclang_rt.fuzzer ships with it).
probe="$work/probe"
mkdir -p "$probe"
cat > "$probe/main.swift" <<'EOF'
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { 0 }
EOF
if ! swiftc -parse-as-library -sanitize=fuzzer,address "$probe/main.swift" -o "$probe/probe" > "$probe/log" 2>&1; then
  cat "$probe/log" >&2
  echo "fuzz: this Swift toolchain cannot build libFuzzer targets (swiftc -sanitize=fuzzer failed)" >&2
  exit 1
fi

# --- sources
log_sources=".build/checkouts/swift-log/Sources/Logging"
if [ ! -d "$log_sources" ]; then
  swift package resolve
fi
mapfile -t logging_files < <(find "$log_sources" -name '*.swift' | sort)
mapfile -t core_files < <(find Sources/LLMInstrumentation -name '*.swift' | sort)
mapfile -t reading_files < <(find Sources/LLMInstrumentationReading -name '*.swift' | sort)

common=(-parse-as-library -swift-version 6 -Onone -g -use-ld=lld)

started=$(date +%s)
rm -f "$build/JSONLinesReaderFuzz" "$build/PropagationContextFuzz"  # never run a stale build
echo "== fuzz: building Logging, LLMInstrumentation, LLMInstrumentationReading and the targets in $build"
(
  cd "$build"
  # swift-log's own settings (its Package.swift): the upcoming features it builds with.
  swiftc "${common[@]}" -sanitize=address \
    -module-name Logging -package-name swift_log \
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility \
    -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature NonisolatedNonsendingByDefault \
    -emit-module -emit-module-path modules/Logging.swiftmodule \
    -emit-library -static -o libLogging.a \
    "${logging_files[@]/#/$root/}"
  # The core module and the reading module, as Package.swift builds them, with coverage for
  # libFuzzer.
  # One of the package's modules: its name, then its source files. All share the package name,
  # as the reading module uses the core's `package` API.
  package_module() {
    local name="$1"
    shift
    swiftc "${common[@]}" -sanitize=fuzzer,address \
      -module-name "$name" -package-name swift_llm_instrumentation -I modules \
      -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault \
      -emit-module -emit-module-path "modules/$name.swiftmodule" \
      -emit-library -static -o "lib$name.a" \
      "$@"
  }
  package_module LLMInstrumentation "${core_files[@]/#/$root/}"
  package_module LLMInstrumentationReading "${reading_files[@]/#/$root/}"
  # Both targets link the reading module (an archive: only what a target uses is linked in).
  for target in JSONLinesReaderFuzz PropagationContextFuzz; do
    swiftc "${common[@]}" -sanitize=fuzzer,address -I modules \
      "$root/Fuzz/$target/main.swift" libLLMInstrumentationReading.a libLLMInstrumentation.a libLogging.a \
      -o "$target"
  done
) 2>&1 | grep -v -e "Cannot export local symbol" || true
for target in JSONLinesReaderFuzz PropagationContextFuzz; do
  [ -x "$build/$target" ] || { echo "fuzz: building $target failed" >&2; exit 1; }
done
echo "== fuzz: built in $(( $(date +%s) - started )) s"

# --- runs
# A Swift trap (a failed precondition) goes straight to libFuzzer's handler, which prints the
# stack; Swift's own backtracer would run under AddressSanitizer and hide the cause behind a
# report about its own memory reads.
export SWIFT_BACKTRACE=enable=no
status=0
summary=()
run() {
  local target="$1" corpus="$2" max_len="$3"
  local new="$work/$corpus-new-inputs" artifacts="$work/$corpus-artifacts/" log="$work/$corpus.log"
  mkdir -p "$new" "$artifacts"
  echo "== fuzz: $target for $seconds s (max_len $max_len), new inputs in $new"
  set +e
  "$build/$target" "$new" "Fuzz/Corpus/$corpus" \
    -dict=Fuzz/json.dict -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=20 \
    -artifact_prefix="$artifacts" -print_final_stats=1 > "$log" 2>&1
  local code=$?
  set -e
  grep -E "^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::|ERROR|SUMMARY|Test unit written" "$log" || true
  local done_line runs rate
  done_line=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$log" | tail -1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  summary+=("$target: ${runs:-?} executions, ${rate:-?} exec/s, $(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' <<<"$done_line" || echo 'no final line'), $(find "$new" -type f | wc -l) new inputs, exit $code")
  if [ "$code" -ne 0 ]; then
    status=1
    echo "fuzz: $target FAILED (exit $code); log: $log" >&2
    tail -n 60 "$log" >&2
    for reproducer in "$artifacts"*; do
      [ -e "$reproducer" ] && echo "fuzz: reproducer: $reproducer (rerun: $build/$target $reproducer)" >&2
    done
  fi
}
run JSONLinesReaderFuzz JSONLinesReader 16384
run PropagationContextFuzz PropagationContext 4096

echo "== fuzz: summary"
printf '  %s\n' "${summary[@]}"
exit "$status"
