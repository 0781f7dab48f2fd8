#!/bin/sh
# duplicate-paragraph on generated sites of 1,000, 3,000 and 10,000 pages, three runs each (the
# fastest run is the one least disturbed by other work on the machine). One process per run, so each
# peak memory is that run's own. Usage: bench/duplicate_paragraph_bench.sh BUILD_DIR
set -e
build="${1:-build}"
for pages in 1000 3000 10000; do
  for run in 1 2 3; do
    "$build/bench/duplicate_paragraph_bench" "$pages"
  done
done
