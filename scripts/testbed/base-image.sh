#!/usr/bin/env bash
# base-image.sh WORKDIR REF OUTFILE: a two-platform (amd64, arm64) busybox base image from Debian's
# busybox-static packages (no image can be pulled here), pushed to REF; its digest ref goes to OUTFILE.
source "$(dirname "$0")/lib.sh"
work="$1" ref="$2" outfile="$3"
mkdir -p "$work"
APPLETS="sh ash ls cat echo uname id whoami wget httpd nc sleep mkdir rm rmdir chmod chown cp mv ln env true false grep sed awk head tail ps kill date test [ printf touch find tar gzip stat du df hostname"

rootfs() { # ARCH BUSYBOX
  local dir="$work/rootfs-$1"
  rm -rf "$dir"; mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/app"
  cp "$2" "$dir/bin/busybox"; chmod 755 "$dir/bin/busybox"
  for a in $APPLETS; do ln -sf busybox "$dir/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:10001:10001:app:/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$dir/etc/passwd"
  printf 'root:x:0:\napp:x:10001:\nnogroup:x:65534:\n' > "$dir/etc/group"
  chmod 1777 "$dir/tmp"
}

# amd64: the machine's own package
[ -x /bin/busybox ] || die "busybox-static is not installed"
rootfs amd64 /bin/busybox

# arm64: downloaded from Debian's arm64 archive, never installed
arm="$work/arm64-apt"
mkdir -p "$arm/lists/partial" "$arm/cache/archives/partial"
aptarm=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Dir::State::Lists="$arm/lists" -o Dir::Cache="$arm/cache" -o Dir::State::status=/dev/null)
if ! ls "$arm"/busybox-static_*_arm64.deb >/dev/null 2>&1; then
  apt-get "${aptarm[@]}" update -qq >"$LOGS/apt-arm64.log" 2>&1 || { tail "$LOGS/apt-arm64.log"; die "arm64 package lists"; }
  (cd "$arm" && apt-get "${aptarm[@]}" download busybox-static:arm64 >>"$LOGS/apt-arm64.log" 2>&1) || die "busybox-static:arm64 download"
fi
rm -rf "$arm/x"; mkdir -p "$arm/x"
dpkg-deb --fsys-tarfile "$(ls "$arm"/busybox-static_*_arm64.deb | head -1)" | tar -x -C "$arm/x" ./bin/busybox
rootfs arm64 "$arm/x/bin/busybox"

cat > "$work/Dockerfile" <<'DOCKERFILE'
FROM scratch
ARG TARGETARCH
COPY rootfs-${TARGETARCH}/ /
CMD ["/bin/sh"]
DOCKERFILE
docker buildx build --platform linux/amd64,linux/arm64 --provenance=false \
  --metadata-file "$work/metadata.json" --push -t "$ref" "$work" >"$LOGS/base-build.log" 2>&1 \
  || { tail -20 "$LOGS/base-build.log"; die "base image build"; }
digest=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))["containerimage.digest"])' "$work/metadata.json")
echo "${ref%:*}@$digest" > "$outfile"
say "base image ${ref%:*}@$digest"
