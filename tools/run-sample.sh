#!/usr/bin/env bash
# README command 1: set up, build, and lint the bundled sample article (offline: the sample's DOIs
# are checked against the cache only, so this never needs the network).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh release
set +e
build/release/reflint --offline --no-cache --fail-on none fixtures/sample/hip-pain-article.html
