#!/usr/bin/env bash
# hardening-fixtures.sh: builds three tiny images on the test bed's base image (linux/amd64, to OCI
# layout directories, exactly as the pipeline does) and saves their REAL image config blobs to
# __tests__/fixtures/image-configs/<name>.json, for the hardening rule tests (__tests__/hardening/).
#
#   leaky     no USER, no HEALTHCHECK, no OCI labels, EXPOSE 22 8000, a fake GitHub token and AWS key id
#             in ENV, a secret-looking label, a build arg (NPM_TOKEN) leaked into a RUN step, and a
#             password on a RUN command line
#   hardened  USER 10001:10001, HEALTHCHECK, EXPOSE 8000, the OCI labels, secret-looking ENV names with
#             placeholder values only, a RUN with a harmless build arg
#   named     USER app (a name only), HEALTHCHECK NONE, EXPOSE 8000/tcp 53/udp, two OCI labels of four
#
# Every secret here is fake (the token texts say so). Needs the test bed (scripts/testbed/up.sh) for
# BASE_IMAGE; SOURCE_DATE_EPOCH keeps the timestamps of these images' own steps fixed, so a rerun
# changes nothing unless BuildKit or the test bed's base image (its history steps) do.
# Usage: scripts/hardening-fixtures.sh [OUT_DIR]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_FILE="${TESTBED:-$REPO/.testbed}/env"
OUT="${1:-$REPO/__tests__/fixtures/image-configs}"
[ -f "$ENV_FILE" ] || { echo "no $ENV_FILE: run scripts/testbed/up.sh first" >&2; exit 1; }
BASE_IMAGE=$(sed -n 's/^BASE_IMAGE=//p' "$ENV_FILE")
DOCKER_HOST_LINE=$(sed -n 's/^DOCKER_HOST=//p' "$ENV_FILE")
[ -n "$BASE_IMAGE" ] || { echo "$ENV_FILE has no BASE_IMAGE" >&2; exit 1; }
[ -n "$DOCKER_HOST_LINE" ] && export DOCKER_HOST="$DOCKER_HOST_LINE"
export SOURCE_DATE_EPOCH=1700000000

WORK=$(mktemp -d "${TMPDIR:-/tmp}/imagegate-hardening-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# build NAME [buildx args...]: the Dockerfile is $WORK/NAME/Dockerfile; writes $OUT/NAME.json
build() {
  local name="$1" ctx="$WORK/$1" layout="$WORK/$1.oci" manifest config
  shift
  docker buildx build --quiet --platform linux/amd64 --provenance=false --sbom=false \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" "$@" \
    -o "type=oci,dest=$layout,tar=false" "$ctx" >/dev/null
  manifest=$(jq -r '.manifests[0].digest' "$layout/index.json")
  # a single-platform build may write an index (one manifest) or the manifest itself
  if jq -e '.manifests' "$layout/blobs/sha256/${manifest#sha256:}" >/dev/null; then
    manifest=$(jq -r '[.manifests[] | select(.platform.architecture != "unknown")][0].digest' \
      "$layout/blobs/sha256/${manifest#sha256:}")
  fi
  config=$(jq -r '.config.digest' "$layout/blobs/sha256/${manifest#sha256:}")
  # the blob's exact bytes: what the hardening rules read from a real build
  install -m 0644 "$layout/blobs/sha256/${config#sha256:}" "$OUT/$name.json"
  echo "$OUT/$name.json ($config)"
}

mkdir -p "$WORK/leaky" "$WORK/hardened" "$WORK/named"

cat >"$WORK/leaky/Dockerfile" <<'DOCKERFILE'
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
ARG NPM_TOKEN
ARG APP_VERSION=1.0.0
ENV GITHUB_TOKEN=ghp_imagegateFixtureNotARealToken0123456 \
    AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE \
    APP_ENV=production
LABEL com.example.deploy-key=dk-imagegate-fixture-not-a-secret
RUN echo "installing $APP_VERSION with $NPM_TOKEN" > /dev/null
RUN echo "password=hunter2-fixture" > /tmp/app.cfg && rm /tmp/app.cfg
EXPOSE 22 8000
CMD ["/bin/sh"]
DOCKERFILE
build leaky --build-arg NPM_TOKEN=npm_imagegateFixtureNotARealToken0123456

cat >"$WORK/hardened/Dockerfile" <<'DOCKERFILE'
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
ARG APP_VERSION=1.2.3
ENV API_KEY="" \
    SECRET_KEY=changeme \
    DB_PASSWORD_FILE=/run/secrets/db_password \
    SSL_KEY=/etc/ssl/private/app.key \
    GITHUB_TOKEN=\${GITHUB_TOKEN} \
    TOKENIZERS_PARALLELISM=false
RUN echo "$APP_VERSION" > /etc/app-version && echo "password=\$DB_PASSWORD" > /dev/null
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD wget -q -O /dev/null http://127.0.0.1:8000/health || exit 1
USER 10001:10001
CMD ["/bin/sh"]
DOCKERFILE
build hardened \
  --label org.opencontainers.image.title=hardened \
  --label org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567 \
  --label org.opencontainers.image.created=2023-11-14T22:13:20Z \
  --label org.opencontainers.image.source=https://github.com/acme/shop \
  --label org.opencontainers.image.version=1.2.3

cat >"$WORK/named/Dockerfile" <<'DOCKERFILE'
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
HEALTHCHECK NONE
EXPOSE 8000/tcp 53/udp
USER app
CMD ["/bin/sh"]
DOCKERFILE
build named \
  --label org.opencontainers.image.title=named \
  --label org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567
