#!/usr/bin/env bash
# What each rule family and each rule costs on an offline lint of the corpus: the time of a run
# with that family or rule alone, minus the time with none (and the run with every rule), one
# thread, cross-page on, no cache, best of ROUNDS runs. Since analyses run on demand, a family or
# rule pays only for the analyses it needs; a rule that can check nothing offline (the network
# rules, the quotation rules without a cache or --sources) should cost nothing.
#   bench/family_cost.sh BUILD_DIR [CORPUS_DIR] [ROUNDS]
set -euo pipefail
build=${1:-build/release}
corpus=${2:-../shared/corpus/pages}
rounds=${3:-5}
reflint="$build/reflint"
[[ -d $corpus ]] || { echo "family_cost: no corpus folder $corpus" >&2; exit 2; }

mapfile -t rules < <("$reflint" --list-rules | tail -n +2 | awk '{print $1}')
declare -A family_of
while read -r id _ family _; do family_of[$id]=$family; done < <("$reflint" --list-rules | tail -n +2)

# Best wall time, in seconds, of `reflint` with only the rules named in "$1" (comma-separated; "" none).
best_time() {
  local enabled=$1 best=""
  local disabled=()
  for id in "${rules[@]}"; do [[ ",$enabled," == *",$id,"* ]] || disabled+=("$id"); done
  local disable_arg=()
  ((${#disabled[@]} > 0)) && disable_arg=(--disable "$(IFS=,; echo "${disabled[*]}")")
  for ((round = 0; round < rounds; ++round)); do
    local start end seconds
    start=$(date +%s.%N)
    "$reflint" --offline --no-cache --cross-page -j1 -q --fail-on none --format json "${disable_arg[@]}" \
      "$corpus" >/dev/null 2>&1
    end=$(date +%s.%N)
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    if [[ -z $best ]] || awk -v s="$seconds" -v b="$best" 'BEGIN { exit !(s < b) }'; then best=$seconds; fi
  done
  printf '%.3f' "$best"
}

none=$(best_time "")
all=$(best_time "$(IFS=,; echo "${rules[*]}")")
printf '%-12s %8s %10s\n' "rules" "seconds" "over none"
printf '%-12s %8s %10s\n' "none" "$none" "-"
for family in citations doi duplicates quotes; do
  members=()
  for id in "${rules[@]}"; do [[ ${family_of[$id]} == "$family" ]] && members+=("$id"); done
  seconds=$(best_time "$(IFS=,; echo "${members[*]}")")
  printf '%-12s %8s %10.3f\n' "$family" "$seconds" "$(awk -v a="$seconds" -v b="$none" 'BEGIN { print a - b }')"
done
printf '%-12s %8s %10.3f\n' "all" "$all" "$(awk -v a="$all" -v b="$none" 'BEGIN { print a - b }')"
echo
printf '%-26s %8s %10s\n' "rule" "seconds" "over none"
for id in "${rules[@]}"; do
  seconds=$(best_time "$id")
  printf '%-26s %8s %10.3f\n' "$id" "$seconds" "$(awk -v a="$seconds" -v b="$none" 'BEGIN { print a - b }')"
done
