#!/usr/bin/env bash
# Installs the Debian packages reflint builds and tests with, and only when something is missing,
# so it is cheap to run before every build. Needs root (or sudo) only when it has to install.
set -euo pipefail

packages=(
  cmake g++ make pkg-config git
  libxml2-dev libcurl4-openssl-dev libre2-dev libfmt-dev libsqlite3-dev
  nlohmann-json3-dev libcli11-dev libutf8proc-dev libtomlplusplus-dev libxxhash-dev
  libgtest-dev libbenchmark-dev
  python3 python3-jsonschema
)

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
