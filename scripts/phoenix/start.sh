#!/usr/bin/env bash
# Starts a local Arize Phoenix for the end-to-end tracing test, on loopback only.
#
#   scripts/phoenix/start.sh          # then: http://127.0.0.1:6006 (UI, REST API, OTLP/HTTP at /v1/traces)
#   scripts/phoenix/stop.sh
#
# Creates the virtual environment .build-phoenix-venv with the pinned arize-phoenix if it is
# missing or holds another version, starts `phoenix serve` in the background with a fresh
# temporary working folder (an empty SQLite database), waits for /healthz, writes the pid to
# .build-phoenix/phoenix.pid and checks that nothing it listens on is outside loopback.
#
# Settings (environment):
#   PHOENIX_PORT           HTTP port (UI, REST, OTLP/HTTP), default 6006
#   PHOENIX_GRPC_PORT      OTLP/gRPC port, default 4317, bound to 127.0.0.1 (see serve_on_loopback.py)
#   PHOENIX_GRPC=off       start without the gRPC receiver
#   PHOENIX_START_TIMEOUT  seconds to wait for /healthz, default 180
#   PHOENIX_VENV           the virtual environment, default <repo>/.build-phoenix-venv
#   PHOENIX_STATE_DIR      pid file, log and working-folder record, default <repo>/.build-phoenix
#   PYTHON                 the Python that creates the venv, default python3 (3.10 to 3.13)
set -euo pipefail

PHOENIX_VERSION="20.26.1"

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${PHOENIX_VENV:-$repo/.build-phoenix-venv}"
state="${PHOENIX_STATE_DIR:-$repo/.build-phoenix}"
port="${PHOENIX_PORT:-6006}"
grpc_port="${PHOENIX_GRPC_PORT:-4317}"
timeout="${PHOENIX_START_TIMEOUT:-180}"
host="127.0.0.1"
pid_file="$state/phoenix.pid"
log_file="$state/phoenix.log"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

mkdir -p "$state"

if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "phoenix: already running (pid $(cat "$pid_file")); stop it first with scripts/phoenix/stop.sh" >&2
  exit 1
fi

# 1. The virtual environment, with the pinned version.
installed=""
if [[ -x "$venv/bin/python" ]]; then
  installed="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("arize-phoenix"))' 2>/dev/null || true)"
fi
if [[ "$installed" != "$PHOENIX_VERSION" ]]; then
  started=$(now)
  echo "phoenix: installing arize-phoenix==$PHOENIX_VERSION into $venv (found: ${installed:-nothing})"
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "arize-phoenix==$PHOENIX_VERSION"
  echo "phoenix: installed in $(since "$started") s"
fi

# 2. The ports must be free: a Phoenix left over from an earlier run would answer in our place.
for p in "$port" "$grpc_port"; do
  if ss -Hltn "sport = :$p" | grep -q .; then
    echo "phoenix: port $p is already in use:" >&2
    ss -ltnp "sport = :$p" >&2
    exit 1
  fi
done

# 3. Start it, on loopback, with a fresh working folder and nothing fetched from outside.
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/phoenix-work.XXXXXX")"
echo "$work_dir" > "$state/working-dir"
started=$(now)
PHOENIX_HOST="$host" \
PHOENIX_PORT="$port" \
PHOENIX_GRPC_PORT="$grpc_port" \
PHOENIX_WORKING_DIR="$work_dir" \
PHOENIX_TELEMETRY_ENABLED=false \
PHOENIX_ALLOW_EXTERNAL_RESOURCES=false \
PHOENIX_AGENTS_DISABLE_BASH=true \
  nohup "$venv/bin/python" "$here/serve_on_loopback.py" > "$log_file" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$pid_file"
echo "phoenix: started pid $pid (log $log_file, working folder $work_dir)"

# 4. Wait for /healthz.
deadline=$(( $(date +%s) + timeout ))
until curl -fsS -o /dev/null --max-time 2 "http://$host:$port/healthz" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "phoenix: exited before it was healthy; the end of its log:" >&2
    tail -n 40 "$log_file" >&2
    rm -f "$pid_file"
    exit 1
  fi
  if (( $(date +%s) >= deadline )); then
    echo "phoenix: not healthy after ${timeout}s; the end of its log:" >&2
    tail -n 40 "$log_file" >&2
    "$here/stop.sh" || true
    exit 1
  fi
  sleep 0.5
done
echo "phoenix: healthy at http://$host:$port after $(since "$started") s"

# 5. Nothing it listens on may be outside loopback.
listening="$(ss -Hltnp | grep "pid=$pid," | awk '{ print $4 }' || true)"
echo "phoenix: listening on $(echo $listening)"
if [[ -z "$listening" ]]; then
  echo "phoenix: ss shows no listening socket for pid $pid" >&2
  "$here/stop.sh" || true
  exit 1
fi
while read -r address; do
  case "$address" in
    127.*:* | "[::1]":* | "[::ffff:127."*) ;;   # IPv4 loopback, IPv6 loopback, IPv4-mapped loopback
    *)
      echo "phoenix: listens on $address, which is not loopback; stopping it" >&2
      "$here/stop.sh" || true
      exit 1
      ;;
  esac
done <<< "$listening"
