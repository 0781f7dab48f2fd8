#!/usr/bin/env bash
# Builds the Debian package of BUILD_DIR with CPack and checks it as a user installing it would:
# its control fields (dependencies on Debian's runtime libraries, read off the binary), its files
# (the binary, the man page, the bash, zsh and fish completions, the copyright and changelog), the
# binary run from the unpacked package, the man page rendered, the bash completion loaded by
# bash-completion, and lintian (when installed) reporting no error.
#   tests/package/check_deb.sh BUILD_DIR
# Exit 77 (CTest's skip) without dpkg-deb, dpkg-shlibdeps (dpkg-dev) or man.
set -euo pipefail
build=$(cd "${1:?usage: tests/package/check_deb.sh BUILD_DIR}" && pwd)
for tool in cpack dpkg-deb dpkg-shlibdeps man; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "skipped: $tool is not installed (tools/setup.sh --test installs dpkg-dev and man-db)" >&2
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check_deb: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/out/reflint_*.deb)
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb -I "$deb" | tee "$work/info"
dpkg-deb -c "$deb" | tee "$work/contents"

depends=$(dpkg-deb -f "$deb" Depends)
for library in libxml2 libcurl4 libre2 libsqlite3 libfmt libstdc++6; do
  [[ $depends == *"$library"* ]] || fail "Depends lacks $library: $depends"
done
for file in ./usr/bin/reflint ./usr/share/man/man1/reflint.1.gz ./usr/share/bash-completion/completions/reflint \
  ./usr/share/zsh/vendor-completions/_reflint ./usr/share/fish/vendor_completions.d/reflint.fish \
  ./usr/share/doc/reflint/copyright ./usr/share/doc/reflint/changelog.gz; do
  grep -q " $file\$" "$work/contents" || fail "the package lacks $file"
done

dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/reflint" --version | grep -q '^reflint [0-9]' || fail "the packaged binary does not run"
MANWIDTH=100 man -l "$work/root/usr/share/man/man1/reflint.1.gz" | grep -q 'reflint lsp' || fail "the man page does not render"

# bash-completion's loader finds the completion where the package puts it, as on an installed system.
if [[ -r /usr/share/bash-completion/bash_completion ]]; then
  loaded=$(XDG_DATA_DIRS=$work/root/usr/share bash -c \
    'source /usr/share/bash-completion/bash_completion; _completion_loader reflint; complete -p reflint' 2>&1)
  [[ $loaded == *"-F _reflint reflint"* ]] || fail "bash-completion does not load the packaged completion: $loaded"
else
  echo "bash-completion is not installed: its loader not tried" >&2
fi

if command -v lintian >/dev/null 2>&1; then
  lintian --tag-display-limit 0 "$deb" | tee "$work/lintian" || true
  if grep -q '^E:' "$work/lintian"; then fail "lintian reports errors"; fi
else
  echo "lintian is not installed: not run" >&2
fi
echo "check_deb: ok"
