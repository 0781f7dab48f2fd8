#!/usr/bin/env bash
# Runs one libFuzzer target of tests/fuzz for a bounded time, after building the fuzz preset
# (Clang, ASan + UBSan). The corpus starts from the project's own inputs and grows in
# build/fuzz/corpus/TARGET; every input kept in tests/fuzz/regressions/TARGET (a crash or hang found
# once, then fixed) is replayed first and must pass.
#   tools/fuzz.sh TARGET SECONDS [LIBFUZZER_FLAGS...]   TARGET: document, config or registry_answers
#   tools/fuzz.sh all SECONDS                           each target in turn
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh document|config|registry_answers|all SECONDS}
seconds=${2:?usage: tools/fuzz.sh TARGET SECONDS}
shift 2
targets=(document config registry_answers)
if [[ $target == all ]]; then
  for each in "${targets[@]}"; do bash "$0" "$each" "$seconds" "$@"; done
  exit 0
fi
[[ " ${targets[*]} " == *" $target "* ]] || { echo "fuzz: unknown target $target" >&2; exit 2; }

bash tools/setup.sh --fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target "fuzz_$target"
binary=build/fuzz/tests/fuzz/fuzz_$target
corpus=build/fuzz/corpus/$target
mkdir -p "$corpus"

# Seeds: what each reader meets in practice.
seed() {
  case $target in
    document) find fixtures -name '*.html' ;;
    config) find fixtures -name '*.toml'; find . -maxdepth 1 -name '*.toml' ;;
    registry_answers)
      find tests/registry_server -name '*.json'
      [[ -d ../shared/registry-samples ]] && find ../shared/registry-samples -name '*.json' -o -name '*.xml' ;;
  esac
}
if [[ -z $(ls -A "$corpus") ]]; then
  seed | while read -r file; do cp "$file" "$corpus/seed-$(sha1sum "$file" | cut -c1-16)"; done
fi

regressions=tests/fuzz/regressions/$target
if [[ -d $regressions ]] && [[ -n $(ls -A "$regressions") ]]; then
  echo "fuzz $target: replaying $(ls "$regressions" | wc -l) regression inputs"
  "$binary" -timeout=10 -rss_limit_mb=4096 "$regressions"/*
fi

# Work in a folder of its own: a crash, leak or timeout input is written to the working folder.
artifacts=build/fuzz/artifacts/$target
mkdir -p "$artifacts"
echo "fuzz $target: $seconds s"
"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$@" "$corpus"
