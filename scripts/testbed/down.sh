#!/usr/bin/env bash
# Stops what scripts/testbed/up.sh started, by the PIDs in $TESTBED/pids (a PID counts only while it
# runs the program it was recorded for: never by name, never anything else). The loopback Sigstore and
# the registries first, then the second engine (its dockerd, then its containerd), then dockerd (it
# stops its containers), then containerd. Keeps the state (registry data, base image rootfs, Trivy,
# the second engine's data): the next up.sh starts quickly. `down.sh --purge` also removes $TESTBED.
source "$(dirname "$0")/lib.sh"
PURGE=""
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    *) die "unknown argument: $arg (usage: down.sh [--purge])" ;;
  esac
done
exec 9>"$TESTBED/up.lock"
flock -w 300 9 || die "up.sh holds $TESTBED/up.lock"
stop sigstore 10
stop registry-auth 10
stop registry 10
stop engine2-dockerd 45
stop engine2-containerd 20
if ip link show "$ENGINE2_BRIDGE" >/dev/null 2>&1 && ! alive engine2-dockerd; then
  ip link del "$ENGINE2_BRIDGE" # the second engine's bridge (see lib.sh)
fi
stop dockerd 45
stop containerd 20
if [ -n "$TESTBED_DOCKER_ROOT" ] && ip link show "$TESTBED_BRIDGE" >/dev/null 2>&1 && ! alive dockerd; then
  ip link del "$TESTBED_BRIDGE" # the private daemon's bridge (see lib.sh)
fi
for f in "$PIDS"/*.pid; do # anything else a pid file names (nothing, today)
  [ -e "$f" ] || continue
  stop "$(basename "$f" .pid)" 20
done
if [ -n "$PURGE" ]; then
  say "removing $TESTBED"
  rm -rf "$TESTBED"
fi
say "stopped"
