#!/usr/bin/env bash
# README command 2: set up (packages and test tools), build, and run the whole test suite.
#   tools/test.sh          release build, then each fuzz target for REFLINT_FUZZ_SECONDS (default 60)
#   tools/test.sh asan     the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
# REFLINT_TIDY=no: without the clang-tidy test.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
bash tools/build.sh "$preset" --test
# REFLINT_TIDY=no skips clang-tidy (CI runs it in one leg only: it reads the sources, not the build).
if [[ ${REFLINT_TIDY:-yes} == no ]]; then
  ctest --preset "$preset" -j "$(nproc)" -LE tidy
else
  ctest --preset "$preset" -j "$(nproc)"
fi
if [[ $preset == release ]]; then
  # Each libFuzzer target for a bounded time (REFLINT_FUZZ_SECONDS, default 60; 0 skips them).
  fuzz_seconds=${REFLINT_FUZZ_SECONDS:-60}
  if ((fuzz_seconds > 0)); then bash tools/fuzz.sh all "$fuzz_seconds"; fi
fi
