#!/usr/bin/env bash
# unpack.sh PACKED OUT [WORKDIR]: writes an unpacked copy of the UPX-packed Trivy (2.5-4.5 s start-up
# per call packed, about 1 s unpacked; 33 MB packed, 199 MB unpacked) to OUT.
#
# trixie's upx-ucl does it (bookworm's cannot unpack this binary), run against trixie's libc extracted
# into WORKDIR (default $TESTBED/upx, i.e. .testbed/upx): nothing from trixie is installed, only
# `apt-get download`ed and `dpkg-deb -x`ed. The trixie source it needs is added idempotently by
# ensure_trixie_source (/etc/apt/sources.list.d/trixie.sources, /etc/apt/preferences.d/trixie-pin).
#
# Idempotent: OUT is kept when it runs (`--version`) and OUT.source holds the sha256 of PACKED (so a new
# Trivy devDependency is unpacked again). If unpacking fails OUT is a copy of the packed binary, with a
# warning, and the next run tries again.
source "$(dirname "$0")/../testbed/lib.sh"
[ $# -ge 2 ] || die "usage: unpack.sh PACKED OUT [WORKDIR]"
packed="$1" out="$2" work="${3:-$TESTBED/upx}"
[ -f "$packed" ] || die "no Trivy at $packed (npm ci first)"
mkdir -p "$work" "$(dirname "$out")"

sum=$(sha256sum "$packed" | cut -d' ' -f1)
if [ -x "$out" ] && [ "$(cat "$out.source" 2>/dev/null)" = "$sum" ] && ! cmp -s "$packed" "$out" \
  && "$out" --version >/dev/null 2>&1; then
  say "trivy already unpacked: $out"
  exit 0
fi

root="$work/root"
upx="$root/usr/bin/upx-ucl"
lib="$root/usr/lib/x86_64-linux-gnu"
unpacked=""
if [ ! -x "$upx" ] || [ ! -e "$lib/ld-linux-x86-64.so.2" ]; then
  ensure_trixie_source
  apt_update
  rm -rf "$work/debs" "$root"
  mkdir -p "$work/debs" "$root"
  if (cd "$work/debs" && apt-get download -qq upx-ucl/trixie libc6/trixie libstdc++6/trixie libgcc-s1/trixie libucl1/trixie zlib1g/trixie) \
    >"$LOGS/upx-download.log" 2>&1; then
    for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
  else
    tail -5 "$LOGS/upx-download.log" >&2
  fi
fi

rm -f "$out.tmp"
cp "$packed" "$out.tmp"
chmod 755 "$out.tmp"
if [ -x "$upx" ] \
  && "$lib/ld-linux-x86-64.so.2" --library-path "$lib:$root/lib/x86_64-linux-gnu" "$upx" -q -d "$out.tmp" >"$LOGS/upx.log" 2>&1 \
  && "$out.tmp" --version >/dev/null 2>&1; then
  unpacked=1
else
  say "warning: could not unpack trivy (see $LOGS/upx.log, $LOGS/upx-download.log): using the packed binary (slow start-up)"
  rm -f "$out.tmp"
  cp "$packed" "$out.tmp"
  chmod 755 "$out.tmp"
fi
mv -f "$out.tmp" "$out"
if [ -n "$unpacked" ]; then
  echo "$sum" >"$out.source"
  say "trivy unpacked: $out"
else
  rm -f "$out.source"
fi
