#!/usr/bin/env bash
# unpack.sh PACKED OUT WORKDIR: writes an unpacked copy of the UPX-packed Trivy (2.5-4.5 s start-up per
# call packed, about 1 s unpacked). trixie's upx-ucl does it, run against trixie's libc extracted into
# WORKDIR (never installed). Falls back to a copy of the packed binary, with a warning.
source "$(dirname "$0")/../testbed/lib.sh"
packed="$1" out="$2" work="$3"
mkdir -p "$work" "$(dirname "$out")"
root="$work/root"
upx="$root/usr/bin/upx-ucl"
if [ ! -x "$upx" ]; then
  ensure_trixie_source
  apt_update
  mkdir -p "$work/debs"
  (cd "$work/debs" && apt-get download -qq upx-ucl/trixie libc6/trixie libstdc++6/trixie libgcc-s1/trixie libucl1/trixie zlib1g/trixie) \
    >"$LOGS/upx-download.log" 2>&1 || { tail "$LOGS/upx-download.log"; die "upx-ucl download"; }
  mkdir -p "$root"
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
fi
cp "$packed" "$out.tmp"
chmod 755 "$out.tmp"
lib="$root/usr/lib/x86_64-linux-gnu"
if "$lib/ld-linux-x86-64.so.2" --library-path "$lib:$root/lib/x86_64-linux-gnu" "$upx" -q -d "$out.tmp" >"$LOGS/upx.log" 2>&1 \
  && "$out.tmp" --version >/dev/null 2>&1; then
  say "trivy unpacked: $out"
else
  say "warning: could not unpack trivy (see $LOGS/upx.log): using the packed binary"
  cp "$packed" "$out.tmp"; chmod 755 "$out.tmp"
fi
mv "$out.tmp" "$out"
