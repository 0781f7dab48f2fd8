#!/usr/bin/env bash
# reflint against a peer linter on the same pages, the same machine, in one run: htmlhint (npm,
# its default rules; `tools/setup.sh --bench` installs it) and reflint with every rule, offline,
# cross-page on, no cache, on one thread and on every core. Best wall time of ROUNDS runs each, with
# that run's CPU time and peak RSS. Goal: reflint's throughput at least 5 times htmlhint's.
#   bench/peers.sh BUILD_DIR [PAGES_DIR] [ROUNDS]
set -euo pipefail
build=${1:-build/release}
pages=${2:-../shared/corpus/pages}
rounds=${3:-5}
htmlhint=tools/peers/node_modules/.bin/htmlhint
[[ -x $htmlhint ]] || { echo "peers: no htmlhint (run tools/setup.sh --bench)" >&2; exit 2; }
[[ -d $pages ]] || { echo "peers: no pages folder $pages" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "peers: needs GNU time (tools/setup.sh --bench)" >&2; exit 2; }
megabytes=$(find "$pages" -name '*.html' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')
files=$(find "$pages" -name '*.html' | wc -l)

# best NAME COMMAND...: prints "NAME wall cpu rss_mb" of the fastest of ROUNDS runs.
best() {
  local name=$1
  shift
  local best_line=""
  for ((round = 0; round < rounds; ++round)); do
    local line
    line=$(/usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1)
    if [[ -z $best_line ]] || awk -v a="${line%% *}" -v b="${best_line%% *}" 'BEGIN { exit !(a < b) }'; then
      best_line=$line
    fi
  done
  read -r wall user system kb <<<"$best_line"
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$system" -v kb="$kb" -v mb="$megabytes" \
    'BEGIN { printf "%-22s %8.2f %8.2f %9.1f %9.0f\n", n, w, u + s, mb / w, kb / 1024 }'
}

echo "$files pages, $megabytes MB; best of $rounds runs"
printf '%-22s %8s %8s %9s %9s\n' tool "wall s" "cpu s" "MB/s" "RSS MB"
results=$(
  best "htmlhint" "$htmlhint" "$pages"
  best "reflint -j1" "$build/reflint" --offline --no-cache --cross-page -q --fail-on none -j1 "$pages"
  best "reflint (all cores)" "$build/reflint" --offline --no-cache --cross-page -q --fail-on none "$pages"
)
echo "$results"
awk '{ rate[NR] = $(NF - 1) } END {
  printf "reflint -j1 throughput / htmlhint: %.1f; on all cores: %.1f (goal >= 5)\n", rate[2] / rate[1], rate[3] / rate[1] }' \
  <<<"$results"
