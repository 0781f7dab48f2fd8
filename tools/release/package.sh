#!/usr/bin/env bash
# The release artefacts of one architecture, into OUT: reflint-VERSION-linux-ARCH.tar.gz (the
# mostly-static binary of the portable preset with its man page, completions and README) and the
# Debian package built by CPack from the same build. Refuses a binary that links a shared library
# outside glibc, libcurl, libxml2, SQLite and zlib, which every Linux distribution has.
#   tools/release/package.sh ARCH OUT
set -euo pipefail
arch=${1:?usage: tools/release/package.sh ARCH OUT}
out=${2:?usage: tools/release/package.sh ARCH OUT}
cd "$(dirname "$0")/../.."
[[ $(uname -m) == "$arch" ]] || { echo "package: this machine is $(uname -m), not $arch" >&2; exit 2; }
bash tools/build.sh portable
build=build/portable
version=$("$build/reflint" --version | cut -d' ' -f2)

# The libraries the binary itself names (NEEDED), not what they pull in.
allowed='^(libc|libm|libcurl|libxml2|libsqlite3|libz|ld-linux[-a-z0-9_]*)\.so'
unexpected=$(readelf -d "$build/reflint" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -Ev "$allowed" || true)
if [[ -n $unexpected ]]; then
  echo "package: the portable binary links $unexpected" >&2
  exit 1
fi

mkdir -p "$out"
name=reflint-$version-linux-$arch
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin"
install -m 755 "$build/reflint" "$stage/$name/bin/reflint"
strip "$stage/$name/bin/reflint"
cp -r "$build/share" "$stage/$name/share"
cp README.md "$stage/$name/"
tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$out/$name.tar.gz" "$name"
cpack --config "$build/CPackConfig.cmake" -B "$stage/deb" >/dev/null
cp "$stage"/deb/reflint_*.deb "$out/"
ls -l "$out"
