#!/usr/bin/env bash
# Stops what scripts/testbed/up.sh started, by PID (never by name).
source "$(dirname "$0")/lib.sh"
for f in "$PIDS"/*.pid; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .pid)
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $name ($pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
done
