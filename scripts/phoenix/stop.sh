#!/usr/bin/env bash
# Stops the Phoenix that scripts/phoenix/start.sh started, by the pid it wrote, waits for it to
# exit and removes its temporary working folder. Does nothing when none is running.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${PHOENIX_STATE_DIR:-$repo/.build-phoenix}"
pid_file="$state/phoenix.pid"

if [[ -f "$pid_file" ]]; then
  pid="$(cat "$pid_file")"
  # Only the process start.sh started: a pid reused by another program is left alone.
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "serve_on_loopback.py"; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "phoenix: pid $pid still running after 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
    echo "phoenix: stopped pid $pid"
  else
    echo "phoenix: pid $pid is not running"
  fi
  rm -f "$pid_file"
else
  echo "phoenix: no pid file ($pid_file); nothing to stop"
fi

if [[ -f "$state/working-dir" ]]; then
  work_dir="$(cat "$state/working-dir")"
  case "$work_dir" in
    */phoenix-work.*) rm -rf "$work_dir" ;;
  esac
  rm -f "$state/working-dir"
fi
