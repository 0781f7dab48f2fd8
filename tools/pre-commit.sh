#!/usr/bin/env bash
# The pre-commit hook's entry (.pre-commit-hooks.yaml): runs reflint on the files pre-commit
# passes. The binary is $REFLINT_BINARY, else a reflint on PATH, else this checkout's own, built
# once into build/pre-commit with the README's set-up (tools/setup.sh) and only the reflint target.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if [[ -n ${REFLINT_BINARY:-} ]]; then
  reflint=$REFLINT_BINARY
elif command -v reflint >/dev/null 2>&1; then
  reflint=reflint
else
  reflint=$here/build/pre-commit/reflint
  if [[ ! -x $reflint ]]; then
    echo "reflint pre-commit hook: building reflint once (a few minutes)" >&2
    bash "$here/tools/setup.sh" >&2
    cmake -S "$here" -B "$here/build/pre-commit" -DCMAKE_BUILD_TYPE=Release >&2
    cmake --build "$here/build/pre-commit" --target reflint -j"$(nproc)" >&2
  fi
fi
exec "$reflint" "$@"
