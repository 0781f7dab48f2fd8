#!/usr/bin/env bash
# README command 2: set up (packages and test tools), build, and run the whole test suite.
#   tools/test.sh          release build
#   tools/test.sh asan     the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
bash tools/build.sh "$preset" --test
ctest --preset "$preset" -j "$(nproc)"
