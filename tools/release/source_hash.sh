#!/usr/bin/env bash
# The key of the Action's build cache: a hash of the sources reflint is built from (the Action's
# checkout is a tarball without git history, so its files are hashed). Writes hash=HEX to
# $GITHUB_OUTPUT.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?}"
hash=$(find CMakeLists.txt CMakePresets.json lint rules tools/setup.sh tools/build.sh tools/generate_manual.cmake \
  tools/git_commit.cmake tools/debian -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)
echo "hash=$hash" >>"$GITHUB_OUTPUT"
