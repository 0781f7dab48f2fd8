#!/usr/bin/env bash
# Time and peak memory of an offline lint (every rule, cross-page off) over generated inputs that
# used to cost quadratic time or many times their size in memory, at a tenth and at full size:
# linear work shows a ratio near 10 between the two. Needs python3 (generation) and GNU time.
#   bench/scaling.sh BUILD_DIR [FULL_MB]     FULL_MB scales every case (default 20)
set -euo pipefail
build=${1:-build/release}
full_mb=${2:-20}
reflint="$build/reflint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[[ -x /usr/bin/time ]] || { echo "scaling: needs GNU time (apt-get install time)" >&2; exit 2; }

# generate CASE BYTES FILE: writes about BYTES of input of the named shape.
generate() {
  python3 - "$1" "$2" "$3" <<'PY'
import os, random, sys
case, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(7)
with open(path, "wb") as out:
    if case == "random-binary":
        out.write(random.randbytes(size)); sys.exit()
    def w(text): out.write(text.encode())
    w("<!doctype html><html><body>")
    if case == "repeated-quotations":
        unit = "Smith wrote “alpha beta gamma delta epsilon” and "
        w("<p>" + unit * (size // len(unit.encode())) + "</p>")
    elif case == "nesting":
        unit = "<div><p>nested text</p>"
        n = size // len(unit)
        w(unit * n + "</div>" * n)
    elif case == "paragraphs":
        i = 0
        while out.tell() < size:
            w(f"<p>Paragraph {i} says something of its own about item {i * 7919 % 100003}.</p>\n"); i += 1
    elif case == "text-node":
        words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        w("<p>")
        while out.tell() < size:
            w(" ".join(random.choice(words) for _ in range(1000)) + " ")
        w("</p>")
    elif case == "markers-and-entries":
        n = size // 120
        w("".join(f"<p>Claim {i} [{i + 1}].</p>" for i in range(n)))
        w("<h2>References</h2><ol>" + "".join(f"<li>Author{i} A. Title {i}. J Test. 2001;1:{i}.</li>" for i in range(n)) + "</ol>")
    w("</body></html>")
PY
}

printf '%-22s %9s %9s %9s %10s %10s %9s\n' case "MB" "s/10" "s" "time x" "RSS MB" "RSS/in"
for case in repeated-quotations nesting paragraphs text-node markers-and-entries random-binary; do
  bytes=$((full_mb * 1024 * 1024))
  generate "$case" $((bytes / 10)) "$work/small.html"
  generate "$case" "$bytes" "$work/full.html"
  measure() {  # seconds and peak RSS (KB) of one lint
    /usr/bin/time -f '%e %M' "$reflint" --offline --no-cache --no-cross-page -q --fail-on none -j1 \
      --max-input-mb 2047 "$1" 2>&1 >/dev/null | tail -1
  }
  read -r small_s _ < <(measure "$work/small.html")
  read -r full_s full_kb < <(measure "$work/full.html")
  size=$(stat -c %s "$work/full.html")
  awk -v c="$case" -v mb="$(awk -v b="$size" 'BEGIN{printf "%.1f", b/1048576}')" -v a="$small_s" -v b="$full_s" \
      -v kb="$full_kb" -v in_b="$size" \
      'BEGIN { printf "%-22s %9s %9.2f %9.2f %10.1f %10.0f %9.1f\n", c, mb, a, b, (a > 0 ? b / a : 0), kb / 1024, kb * 1024 / in_b }'
done
