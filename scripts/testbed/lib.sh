# Shared by the test bed scripts. State lives in $TESTBED (default: <repo>/.testbed).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TESTBED="${TESTBED:-$REPO/.testbed}"
PIDS="$TESTBED/pids"
LOGS="$TESTBED/logs"
mkdir -p "$PIDS" "$LOGS"
export DEBIAN_FRONTEND=noninteractive

say() { printf '[testbed] %s\n' "$*"; }
die() { printf '[testbed] error: %s\n' "$*" >&2; exit 1; }

# alive NAME: the process recorded in pids/NAME.pid is running
alive() { local f="$PIDS/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }

# start NAME LOG CMD...: start CMD in the background, record its PID
start() {
  local name="$1" log="$2"; shift 2
  nohup "$@" >"$log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
}

# wait_for WHAT SECONDS CMD...: retry CMD until it succeeds, or fail
wait_for() {
  local what="$1" secs="$2"; shift 2
  local i
  for ((i = 0; i < secs * 4; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  return 1
}

APT_UPDATED=""
apt_update() { [ -n "$APT_UPDATED" ] || { apt-get update -qq; APT_UPDATED=1; }; }

# The trixie source, pinned low: trixie packages only when named one by one as NAME/trixie.
ensure_trixie_source() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  [ -n "$uri" ] || die "no URIs line in /etc/apt/sources.list.d/debian.sources"
  if [ ! -f /etc/apt/sources.list.d/trixie.sources ]; then
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
      > /etc/apt/sources.list.d/trixie.sources
    APT_UPDATED=""
  fi
  if [ ! -f /etc/apt/preferences.d/trixie-pin ]; then
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-pin
  fi
}
