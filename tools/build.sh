#!/usr/bin/env bash
# Configures and builds one preset (release by default, or asan), after installing what is missing.
#   tools/build.sh [release|asan] [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
bash tools/setup.sh ${2:-}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
