#!/usr/bin/env bash
# clang-tidy (the repository's .clang-tidy) over every C++ source of lint/, rules/, tests/ and bench/
# listed in a build's compile_commands.json; prints the findings and exits 1 on any warning or error.
#   tools/tidy.sh [BUILD_DIR]     default build/tidy, configured here (Release) when it has no
#                                 compile_commands.json; only configured: clang-tidy needs no build
#   TIDY_JOBS=N                   parallel clang-tidy processes (default: all cores)
# Exits 77 (a skip under CTest) when clang-tidy is not installed (tools/setup.sh --test installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build/tidy}
jobs=${TIDY_JOBS:-$(nproc)}

if ! command -v clang-tidy >/dev/null 2>&1; then
  echo "tidy: clang-tidy is not installed (apt-get install clang-tidy); skipped" >&2
  exit 77
fi
if [[ ! -f $build/compile_commands.json ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DREFLINT_BUILD_TESTS=ON -DREFLINT_BUILD_BENCH=ON >/dev/null
fi
build=$(cd "$build" && pwd)

# The sources as compile_commands.json spells them (run-clang-tidy matches those spellings), or
# with `regex` as anchored regular expressions for run-clang-tidy.
list_sources() {
  python3 - "$build/compile_commands.json" "$root" "${1:-}" <<'EOF'
import json, os, re, sys
root = os.path.realpath(sys.argv[2])
wanted = re.compile(re.escape(root) + r"/(lint|rules|tests|bench)/.*\.cpp$")
seen = set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    if wanted.match(os.path.realpath(path)) and path not in seen:
        seen.add(path)
        print("^" + re.escape(path) + "$" if sys.argv[3] == "regex" else path)
EOF
}
files=()
while IFS= read -r file; do files+=("$file"); done < <(list_sources)
if ((${#files[@]} == 0)); then
  echo "tidy: no sources of $root in $build/compile_commands.json" >&2
  exit 2
fi

log=$(mktemp)
trap 'rm -rf "$log" "$log.d"' EXIT
start=$SECONDS
status=0
if command -v run-clang-tidy >/dev/null 2>&1; then
  regexes=()
  while IFS= read -r regex; do regexes+=("$regex"); done < <(list_sources regex)
  run-clang-tidy -p "$build" -j "$jobs" -quiet "${regexes[@]}" >"$log" 2>&1 || status=$?
else
  # One output file per source, so parallel diagnostics never interleave.
  mkdir "$log.d"
  printf '%s\n' "${files[@]}" |
    xargs -P "$jobs" -I{} sh -c 'clang-tidy -p "$1" --quiet "$2" >"$3/$(echo "$2" | tr / _).log" 2>&1' \
      sh "$build" {} "$log.d" || status=$?
  cat "$log.d"/*.log >"$log"
fi

# Drop the colour codes, the progress lines and clang's "N warnings generated." counts.
sed -e 's/\x1b\[[0-9;]*m//g' "$log" |
  grep -Ev '^(clang-tidy(-[0-9]+)? |[0-9]+ (warning|error)s? (and [0-9]+ (warning|error)s? )?generated\.$|Suppressed [0-9]+ warnings|Use -header-filter|Running clang-tidy for)' ||
  true
findings=$(sed -e 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error): ' | sort -u || true)
count=$(printf '%s' "$findings" | grep -c . || true)
echo "tidy: ${#files[@]} files, ${count} distinct warnings/errors, $((SECONDS - start)) s with $jobs jobs" >&2
if ((count > 0)); then
  printf '%s\n' "$findings" >&2
  exit 1
fi
if ((status != 0)); then
  echo "tidy: clang-tidy failed (exit $status)" >&2
  exit 1
fi
