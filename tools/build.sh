#!/usr/bin/env bash
# Configures and builds one preset (release by default, or asan), after installing what is missing.
#   tools/build.sh [release|asan|portable] reflint, its man page and completions (README command 1;
#                                          portable: the release archives' binary)
#   tools/build.sh [release|asan] --test   also the test suite and, for release, the benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
mode=${2:-}
bash tools/setup.sh ${mode:+"$mode"}
if [[ $mode == --test ]]; then
  bench=ON
  [[ $preset == asan ]] && bench=OFF
  cmake --preset "$preset" -DREFLINT_BUILD_TESTS=ON -DREFLINT_BUILD_BENCH=$bench >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
else
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)" --target reflint reflint_manual
fi
