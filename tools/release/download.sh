#!/usr/bin/env bash
# The Action's first step: downloads the release binary of reflint for this runner and checks it
# against the checksum this checkout of the Action pins (tools/release/SHA256SUMS), else against the
# release's own SHA256SUMS. Writes binary=PATH to $GITHUB_OUTPUT, or nothing when there is no
# release binary to use (a version not released, a runner that is not Linux x64/arm64, a local
# `uses: ./`): the Action then builds reflint from its source. A checksum that does not match fails.
# Environment: REQUESTED_VERSION, ACTION_REPOSITORY, RUNNER_ARCHITECTURE, RUNNER_OS, RUNNER_TEMP,
# GITHUB_ACTION_PATH, GITHUB_OUTPUT; REFLINT_RELEASE_BASE.
set -euo pipefail
action=${GITHUB_ACTION_PATH:?}
version=${REQUESTED_VERSION:-}
if [[ -z $version ]]; then
  version=$(sed -n 's/^project(reflint VERSION \([0-9.]*\).*/\1/p' "$action/CMakeLists.txt")
fi
case "${RUNNER_OS:-Linux}/${RUNNER_ARCHITECTURE:-X64}" in
  Linux/X64) arch=x86_64 ;;
  Linux/ARM64) arch=aarch64 ;;
  *)
    echo "reflint: no release binary for ${RUNNER_OS:-}/${RUNNER_ARCHITECTURE:-}: building from source"
    exit 0
    ;;
esac
if [[ -z ${ACTION_REPOSITORY:-} ]]; then
  echo "reflint: the Action runs from this repository (uses: ./): building from source"
  exit 0
fi
asset=reflint-$version-linux-$arch.tar.gz
# REFLINT_RELEASE_BASE: another server of the releases (the tests' loopback server).
base=${REFLINT_RELEASE_BASE:-https://github.com/$ACTION_REPOSITORY/releases/download}/v$version
work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/reflint-download.XXXXXX")
if ! curl -fsSL --retry 3 -o "$work/$asset" "$base/$asset"; then
  echo "reflint: no release asset $asset at $base: building from source"
  exit 0
fi
expected=$(grep -F "  $asset" "$action/tools/release/SHA256SUMS" 2>/dev/null || true)
if [[ -z $expected ]]; then
  curl -fsSL --retry 3 -o "$work/SHA256SUMS" "$base/SHA256SUMS"
  expected=$(grep -F "  $asset" "$work/SHA256SUMS" || true)
  [[ -n $expected ]] || { echo "reflint: the release lists no checksum for $asset" >&2; exit 1; }
fi
(cd "$work" && sha256sum --check --strict <<<"$expected") || {
  echo "reflint: $asset does not match its checksum: refusing it" >&2
  exit 1
}
tar -xzf "$work/$asset" -C "$work"
binary=$work/reflint-$version-linux-$arch/bin/reflint
"$binary" --version
echo "binary=$binary" >>"$GITHUB_OUTPUT"
