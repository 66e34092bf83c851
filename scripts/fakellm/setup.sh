#!/usr/bin/env bash
# Makes .build-fakellm-venv, a Python virtual environment with fakellm 0.3.5 (a mock server of the
# OpenAI and Anthropic APIs, from PyPI), which the model clients' tests start on 127.0.0.1.
# Safe to run from several processes at once (one makes it, the others wait); does nothing when
# the venv is already complete. Prints the path of its `fakellm` command.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
venv="$root/.build-fakellm-venv"
mkdir -p "$root/.build"
exec 9> "$root/.build/fakellm-setup.lock"
flock 9
if [[ ! -f "$venv/.complete" ]]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "fakellm==0.3.5" >&2
  touch "$venv/.complete"
fi
echo "$venv/bin/fakellm"
