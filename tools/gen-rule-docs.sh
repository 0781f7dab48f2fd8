#!/usr/bin/env bash
# Writes docs/rules/<rule-id>.md from each rule's own metadata (reflint --explain), so the
# documentation is declared once, next to the rule. tests/docs_test.cpp checks they agree.
set -euo pipefail
cd "$(dirname "$0")/.."
reflint=${1:-build/release/reflint}
mkdir -p docs/rules
rm -f docs/rules/*.md
"$reflint" --list-rules | tail -n +2 | while read -r id _; do
  "$reflint" --explain "$id" > "docs/rules/$id.md"
done
ls docs/rules
