# Shared by the test bed scripts (scripts/testbed/up.sh, down.sh, scripts/trivy/unpack.sh).
#
# State lives in $TESTBED (default <repo>/.testbed): env, pids/, logs/, registry data, base image
# rootfs. Defaults describe THE test bed (the machine's Docker daemon, registries on 5000/5001). For a
# second, separate test bed on the same machine (used to check these scripts without touching the
# running one) set TESTBED=/some/dir, REGISTRY_PORT, AUTH_REGISTRY_PORT and TESTBED_DOCKER_ROOT=/dir
# (a private containerd + dockerd with their own sockets, data and bridge; dockerd without iptables).
# Every test bed also runs a second engine of that kind under $TESTBED/engine2 (ENGINE2_HOST in env):
# the builder tests build on it through a docker context.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TESTBED="${TESTBED:-$REPO/.testbed}"
PIDS="$TESTBED/pids"
LOGS="$TESTBED/logs"
mkdir -p "$PIDS" "$LOGS"
export DEBIAN_FRONTEND=noninteractive

REGISTRY_PORT="${REGISTRY_PORT:-5000}"
AUTH_REGISTRY_PORT="${AUTH_REGISTRY_PORT:-5001}"
TESTBED_DOCKER_ROOT="${TESTBED_DOCKER_ROOT:-}"
if [ -n "$TESTBED_DOCKER_ROOT" ]; then
  DOCKER_SOCK="$TESTBED_DOCKER_ROOT/docker.sock"
  CONTAINERD_SOCK="$TESTBED_DOCKER_ROOT/containerd.sock"
  # its own bridge (RUN steps need one), made by up.sh, removed by down.sh
  TESTBED_BRIDGE="tb$(printf %s "$TESTBED_DOCKER_ROOT" | md5sum | cut -c1-10)"
  TESTBED_BRIDGE_CIDR="${TESTBED_BRIDGE_CIDR:-10.213.0.1/24}"
else
  DOCKER_SOCK=/var/run/docker.sock
  CONTAINERD_SOCK=/run/containerd/containerd.sock
fi
export DOCKER_HOST="unix://$DOCKER_SOCK"

# The second engine: its own containerd, dockerd, data and bridge (never the first engine's).
# its real path (TESTBED may be reached through a symbolic link): one bridge name for every caller
ENGINE2_ROOT="$(cd "$TESTBED" && pwd -P)/engine2"
ENGINE2_DOCKER_SOCK="$ENGINE2_ROOT/docker.sock"
ENGINE2_CONTAINERD_SOCK="$ENGINE2_ROOT/containerd.sock"
ENGINE2_BRIDGE="tb$(printf %s "$ENGINE2_ROOT" | md5sum | cut -c1-10)"
if [ -n "$TESTBED_DOCKER_ROOT" ]; then
  ENGINE2_BRIDGE_CIDR="${ENGINE2_BRIDGE_CIDR:-10.215.0.1/24}"
else
  ENGINE2_BRIDGE_CIDR="${ENGINE2_BRIDGE_CIDR:-10.214.0.1/24}"
fi

say() { printf '[testbed] %s\n' "$*"; }
die() { printf '[testbed] error: %s\n' "$*" >&2; exit 1; }

# The program each pid file must point at: a recycled PID (pid files outlive the machine's processes,
# since .testbed/ stays in the work tree) is never taken for ours, and never killed.
prog_of() {
  case "$1" in
    registry | registry-auth) echo docker-registry ;;
    engine2-containerd | bench-containerd) echo containerd ;;
    engine2-dockerd | bench-dockerd) echo dockerd ;;
    sigstore) echo node ;;
    *) echo "$1" ;;
  esac
}
# script_of NAME: for a program run by an interpreter (node), the script its pid file's process must run
# (a recycled PID may well be another node process).
script_of() {
  case "$1" in
    sigstore) echo "$REPO/scripts/testbed/sigstore/server.mjs" ;;
    *) echo "" ;;
  esac
}

# pid_of NAME: the PID in pids/NAME.pid if that process is alive and runs NAME's program; else fails.
pid_of() {
  local f="$PIDS/$1.pid" pid argv0 script
  [ -f "$f" ] || return 1
  pid=$(cat "$f" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  argv0=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | head -1) || return 1
  [ "$(basename -- "$argv0")" = "$(prog_of "$1")" ] || return 1
  script=$(script_of "$1")
  if [ -n "$script" ]; then
    [ "$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | sed -n 2p)" = "$script" ] || return 1
  fi
  echo "$pid"
}
alive() { pid_of "$1" >/dev/null; }

# start NAME LOG CMD...: CMD in the background in its own session (an interrupted caller's process
# group signal does not reach it), stdin from /dev/null, output to LOG, no inherited lock fd; its PID
# goes to pids/NAME.pid (written by the process itself just before exec, so it is CMD's PID).
start() {
  local name="$1" log="$2" i
  shift 2
  rm -f "$PIDS/$name.pid"
  setsid -f bash -c 'echo $$ > "$0"; exec "$@"' "$PIDS/$name.pid" "$@" >"$log" 2>&1 </dev/null 9>&-
  for ((i = 0; i < 40; i++)); do [ -s "$PIDS/$name.pid" ] && return 0; sleep 0.05; done
  die "$name did not start (no pid file): $(tail -5 "$log")"
}

# stop NAME [SECONDS]: SIGTERM the process in pids/NAME.pid (if it is ours), SIGKILL after SECONDS.
stop() {
  local name="$1" secs="${2:-20}" pid i
  if pid=$(pid_of "$name"); then
    say "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 4; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name did not stop in ${secs}s: SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PIDS/$name.pid"
}

# wait_for SECONDS CMD...: retry CMD (quietly) every 0.25 s until it succeeds; fails after SECONDS.
wait_for() {
  local secs="$1" i
  shift
  for ((i = 0; i < secs * 4; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  return 1
}

# apt-get update, at most once per up.sh run (exported: scripts it runs skip it too).
APT_UPDATED="${APT_UPDATED:-}"
apt_update() {
  [ -z "$APT_UPDATED" ] || return 0
  say "apt-get update"
  # Sources that cannot be reached here (only Debian's archive can) are warnings, not failures.
  apt-get update -qq >"$LOGS/apt-update.log" 2>&1 || { tail -20 "$LOGS/apt-update.log" >&2; die "apt-get update failed"; }
  export APT_UPDATED=1
}

# The trixie source with the machine's own Debian URI, pinned low (100): trixie packages come only
# when named one by one as NAME/trixie. Never `apt-get -t trixie` (it would replace libc).
ensure_trixie_source() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 ~ /bookworm/ && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "cannot find the machine's Debian URI (/etc/apt/sources.list.d/debian.sources)"
  if ! grep -qs '^Suites: *trixie *$' /etc/apt/sources.list.d/trixie.sources; then
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
      > /etc/apt/sources.list.d/trixie.sources
    export APT_UPDATED=""
  fi
  if ! grep -qs 'n=trixie' /etc/apt/preferences.d/trixie-pin; then
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-pin
  fi
}

# private_engine ROOT DOCKER_SOCK CONTAINERD_SOCK BRIDGE CIDR: the bridge (made if missing) and the
# configuration of a containerd + dockerd pair that shares nothing with the machine's engine: sockets,
# data, exec root and pid file under ROOT, containerd image store, no iptables. Sets CONTAINERD_CMD and
# DOCKERD_CMD. Never `--bridge none`: a dockerd started that way deletes docker0, the main daemon's bridge.
private_engine() {
  local root="$1" dsock="$2" csock="$3" bridge="$4" cidr="$5"
  mkdir -p "$root"
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$cidr" dev "$bridge"
    ip link set "$bridge" up
  fi
  echo '{"features":{"containerd-snapshotter":true}}' > "$root/daemon.json"
  printf 'version = 2\nroot = "%s/containerd"\nstate = "%s/run/containerd"\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n[grpc]\n  address = "%s"\n' \
    "$root" "$root" "$csock" > "$root/containerd.toml"
  CONTAINERD_CMD=(containerd --config "$root/containerd.toml")
  DOCKERD_CMD=(dockerd --host "unix://$dsock" --containerd "$csock" --config-file "$root/daemon.json"
    --data-root "$root/docker" --exec-root "$root/run/docker"
    --pidfile "$root/run/docker.pid" --bridge "$bridge" --iptables=false)
}

# engine_store DOCKER_HOST: the engine's image store (io.containerd.snapshotter.v1 for containerd's).
engine_store() {
  DOCKER_HOST="$1" docker info --format '{{range .DriverStatus}}{{if eq (index . 0) "driver-type"}}{{index . 1}}{{end}}{{end}}' 2>/dev/null || true
}
