#!/usr/bin/env bash
# Rebuilds the committed Trivy DB fixture (__tests__/fixtures/trivy-db) from main.go.
# build.sh OUT EXTRA.json: a DB with more advisories in OUT instead (main.go says the format); the
# committed fixture is left alone.
# Needs Debian's golang-go and golang-github-coreos-bbolt-dev (installed when missing). The output is
# byte-for-byte reproducible: rebuilding leaves `git status` clean unless main.go changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/go.etcd.io/bbolt ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq golang-go golang-github-coreos-bbolt-dev \
    || { apt-get update -qq && apt-get install -y -qq golang-go golang-github-coreos-bbolt-dev; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/trivydb"
cp "$here/main.go" "$tmp/src/trivydb/"
(cd "$tmp/src/trivydb" && GO111MODULE=off GOPATH="$tmp:/usr/share/gocode" GOCACHE="$tmp/cache" go build -o "$tmp/trivy-db" .)
if [ $# -ge 1 ]; then
  "$tmp/trivy-db" "$@"
else
  "$tmp/trivy-db" "$repo/__tests__/fixtures/trivy-db"
fi
