#!/usr/bin/env bash
# bases/build.sh WORKDIR REF: builds the test bed's two-platform (linux/amd64, linux/arm64) base image
# from Debian packages (nothing can be pulled here) and pushes it to REF (a tag, over plain HTTP).
# OCI media types, no attestations. Prints the image index digest (sha256:...) on stdout; progress goes to stderr.
#   amd64: /bin/busybox of the machine's busybox-static (bookworm)
#   arm64: bookworm's busybox-static:arm64, downloaded (never installed) with arm64-only apt options
source "$(dirname "$0")/../lib.sh"
BASES="$(cd "$(dirname "$0")" && pwd)"
work="$1" ref="$2"
mkdir -p "$work"

applets=$(grep -v '^#' "$BASES/applets" | tr ' ' '\n' | grep -v '^$')
available=$(/bin/busybox --list)

rootfs() { # ARCH BUSYBOX: $work/rootfs-ARCH with /bin/busybox, applet links, users, /tmp
  local dir="$work/rootfs-$1" a
  rm -rf "$dir"
  mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/root" "$dir/app"
  cp "$2" "$dir/bin/busybox"
  chmod 755 "$dir/bin/busybox"
  for a in $applets; do
    if grep -qxF -- "$a" <<<"$available"; then ln -s busybox "$dir/bin/$a"; fi
  done
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:10001:10001:app:/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$dir/etc/passwd"
  printf 'root:x:0:\napp:x:10001:\nnogroup:x:65534:\n' > "$dir/etc/group"
  chmod 1777 "$dir/tmp"
  chmod 700 "$dir/root"
}

# amd64: the machine's own package
[ -x /bin/busybox ] || die "/bin/busybox missing: apt-get install busybox-static"
rootfs amd64 /bin/busybox

# arm64: from Debian's arm64 archive (same URI as the machine's sources), without installing it
# Only the machine's own Debian sources (bookworm, -updates, -security), not trixie or third parties.
arm="$work/arm64-apt"
aptarm=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64
  -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$arm/sources.list.d"
  -o Dir::State::Lists="$arm/lists" -o Dir::Cache="$arm/cache" -o Dir::State::status=/dev/null -o APT::Sandbox::User=root)
if ! ls "$arm"/debs/busybox-static_*_arm64.deb >/dev/null 2>&1; then
  say "downloading busybox-static:arm64" >&2
  mkdir -p "$arm/lists/partial" "$arm/cache/archives/partial" "$arm/debs" "$arm/sources.list.d"
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    cp /etc/apt/sources.list.d/debian.sources "$arm/sources.list.d/"
  else
    grep -h '^deb .*bookworm' /etc/apt/sources.list > "$arm/sources.list.d/debian.list"
  fi
  apt-get "${aptarm[@]}" update -qq >"$LOGS/apt-arm64.log" 2>&1 \
    || { tail -20 "$LOGS/apt-arm64.log" >&2; die "arm64 package lists (see $LOGS/apt-arm64.log)"; }
  (cd "$arm/debs" && apt-get "${aptarm[@]}" download busybox-static:arm64) >>"$LOGS/apt-arm64.log" 2>&1 \
    || { tail -20 "$LOGS/apt-arm64.log" >&2; die "busybox-static:arm64 download (see $LOGS/apt-arm64.log)"; }
  rm -rf "$arm/lists" "$arm/cache" # 150 MB of package lists and caches, needed only for the download
fi
rm -rf "$arm/x"
mkdir -p "$arm/x"
dpkg-deb --fsys-tarfile "$(ls "$arm"/debs/busybox-static_*_arm64.deb | head -1)" | tar -x -C "$arm/x" ./bin/busybox
if [ -x /usr/bin/file ] && ! file -b "$arm/x/bin/busybox" | grep -q aarch64; then
  die "$arm/x/bin/busybox is not an aarch64 binary: $(file -b "$arm/x/bin/busybox")"
fi
rootfs arm64 "$arm/x/bin/busybox"

say "building $ref (linux/amd64, linux/arm64)" >&2
rm -f "$work/metadata.json"
docker buildx build --platform linux/amd64,linux/arm64 --provenance=false \
  -f "$BASES/Dockerfile" --metadata-file "$work/metadata.json" \
  --output "type=image,name=$ref,push=true,oci-mediatypes=true" "$work" \
  >"$LOGS/base-build.log" 2>&1 || { tail -20 "$LOGS/base-build.log" >&2; die "base image build (see $LOGS/base-build.log)"; }
digest=$(node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(m["containerimage.digest"] || "")' "$work/metadata.json")
[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || die "no containerimage.digest in $work/metadata.json"
echo "$digest"
