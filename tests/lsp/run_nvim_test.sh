#!/usr/bin/env bash
# Runs tests/lsp/nvim_quick_fix.lua in Neovim, headless, on a copy of the fixture it fixes.
#   tests/lsp/run_nvim_test.sh REFLINT_BINARY
# Exit 77 (CTest's skip) when Neovim is missing: tools/setup.sh --test installs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v nvim >/dev/null 2>&1; then
  echo "skipped: nvim is not installed (tools/setup.sh --test installs Debian's neovim)" >&2
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fixtures/doi-malformed/wide-characters.html "$work/page.html"
# --clean: no user configuration or plugins; -i NONE: no shada file; XDG_*: nothing of the user's.
XDG_CONFIG_HOME=$work XDG_DATA_HOME=$work XDG_STATE_HOME=$work XDG_CACHE_HOME=$work \
  REFLINT_BINARY=$1 REFLINT_PAGE=$work/page.html \
  timeout 120 nvim --headless --clean -i NONE -S tests/lsp/nvim_quick_fix.lua
