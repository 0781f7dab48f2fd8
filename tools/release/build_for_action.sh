#!/usr/bin/env bash
# The Action's fallback: reflint built from the Action's own source (only the reflint target, no
# tests or benchmarks), or the build actions/cache restored. Writes binary=PATH to $GITHUB_OUTPUT.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?}"
# The libraries reflint links, which a fresh runner lacks even when the binary comes from the cache.
bash tools/setup.sh >/dev/null
binary=$PWD/build/release/reflint
if [[ -x $binary ]] && "$binary" --version; then
  echo "reflint: the cached build"
else
  bash tools/build.sh release
fi
echo "binary=$binary" >>"$GITHUB_OUTPUT"
