#!/usr/bin/env bash
# Builds the DocC documentation of every library module (swift-docc-plugin), with warnings as errors:
# any DocC warning (a symbol link that does not resolve, a parameter left undocumented, ...) fails it.
# The archives land in .build/docs/<Module>.doccarchive; `swift package --disable-sandbox
# preview-documentation --target <Module>` serves one locally.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(
  LLMInstrumentation
  LLMInstrumentationReading
  LLMInstrumentationMacros
  LLMInstrumentationLogging
  LLMInstrumentationMetrics
  LLMInstrumentationTracing
  LLMModelClients
)
output=.build/docs
mkdir -p "$output"

target_options=()
for module in "${modules[@]}"; do
  target_options+=(--target "$module")
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift package --allow-writing-to-directory "$output" generate-documentation "${target_options[@]}" \
  --warnings-as-errors --output-path "$output" 2>&1 | tee "$log" || status=$?

# docc prints its diagnostics after "Building documentation for ..."; the build before it may warn
# about dependencies, which are not ours to fix.
if (( status == 0 )) && awk '/^Building documentation for /{docc=1} docc && /^(warning|error): /{found=1} END{exit !found}' "$log"; then
  status=1
fi
if (( status != 0 )); then
  echo "documentation: DocC reported problems (see above)" >&2
  exit "$status"
fi
for module in "${modules[@]}"; do
  [[ -d "$output/$module.doccarchive" ]] || { echo "documentation: no archive for $module" >&2; exit 1; }
done
echo "documentation: ${#modules[@]} modules, no warnings ($output)"
