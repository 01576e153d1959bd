#!/usr/bin/env bash
# A fresh Docker engine of its own for the benchmark (scripts/bench/run.mjs), as a hosted runner starts
# every job with one: a private containerd + dockerd (containerd image store, own sockets, data and
# bridge, no iptables), the same packages as the test bed's engines (up.sh installs them first).
#
#   engine.sh up DIR     wipes DIR, starts the engine in it, prints its DOCKER_HOST
#   engine.sh down DIR   stops it (by PID), removes its bridge and DIR
#
# PIDs go to $TESTBED/pids (bench-containerd, bench-dockerd): down.sh stops them too if a benchmark was
# killed before its own clean-up. One such engine at a time per test bed.
source "$(dirname "$0")/lib.sh"
[ $# -eq 2 ] || die "usage: engine.sh up|down DIR"
ACTION="$1"
ROOT="$(mkdir -p "$2" && cd "$2" && pwd -P)"
DSOCK="$ROOT/docker.sock"
CSOCK="$ROOT/containerd.sock"
BRIDGE="tb$(printf %s "$ROOT" | md5sum | cut -c1-10)"
# beside the test bed's engines (10.213-10.215, docker0)
CIDR="${BENCH_ENGINE_CIDR:-10.216.0.1/24}"
HOST="unix://$DSOCK"

unmount_below() { # anything containerd left mounted under ROOT (snapshots, shm), deepest first
  awk -v root="$ROOT/" 'index($2, root) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}

down() {
  stop bench-dockerd 45
  stop bench-containerd 20
  if ip link show "$BRIDGE" >/dev/null 2>&1 && ! alive bench-dockerd; then ip link del "$BRIDGE"; fi
  unmount_below
  rm -rf "$ROOT"
}

case "$ACTION" in
  up)
    command -v dockerd >/dev/null && command -v containerd >/dev/null \
      || die "no dockerd/containerd: run scripts/testbed/up.sh first"
    down # fresh: nothing of an earlier engine in DIR
    private_engine "$ROOT" "$DSOCK" "$CSOCK" "$BRIDGE" "$CIDR"
    start bench-containerd "$ROOT/containerd.log" "${CONTAINERD_CMD[@]}"
    wait_for 30 ctr --address "$CSOCK" version \
      || { tail -30 "$ROOT/containerd.log" >&2; die "the benchmark engine's containerd did not answer on $CSOCK in 30 s"; }
    start bench-dockerd "$ROOT/dockerd.log" "${DOCKERD_CMD[@]}"
    wait_for 60 env DOCKER_HOST="$HOST" docker info \
      || { tail -30 "$ROOT/dockerd.log" >&2; die "the benchmark engine did not answer 'docker info' on $HOST in 60 s"; }
    [ "$(engine_store "$HOST")" = io.containerd.snapshotter.v1 ] \
      || die "the benchmark engine on $HOST does not use the containerd image store"
    echo "$HOST"
    ;;
  down) down ;;
  *) die "usage: engine.sh up|down DIR" ;;
esac
