#!/usr/bin/env bash
# Time and peak memory of an offline lint (every rule, cross-page off) over generated inputs that
# used to cost quadratic time or many times their size in memory, at a tenth and at full size, best
# of ROUNDS runs each. Linear work shows a time ratio near 10 between the two, an exponent
# (log10 of the ratio) near 1; the goal is within 1.2 times linear (ratio <= 12, exponent <= 1.08).
# Full sizes are those of the performance goals: 100,000 markers and 100,000 entries, 200,000
# quotations, a 50 MB text node, 1,000,000 identical paragraphs, one paragraph of 10 MB; the
# byte-sized cases (nesting, distinct paragraphs, random bytes) are FULL_MB. SCALE shrinks or grows
# every case. Needs python3 (generation) and GNU time.
#   bench/scaling.sh BUILD_DIR [FULL_MB] [SCALE] [ROUNDS]
set -euo pipefail
build=${1:-build/release}
full_mb=${2:-20}
scale=${3:-1}
rounds=${4:-3}
reflint="$build/reflint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[[ -x /usr/bin/time ]] || { echo "scaling: needs GNU time (apt-get install time)" >&2; exit 2; }

# generate CASE FRACTION FILE: the case at FRACTION of its full size (times SCALE).
generate() {
  python3 - "$1" "$2" "$3" "$full_mb" "$scale" <<'PY'
import random, sys
case, fraction, path, full_mb, scale = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
random.seed(7)
def count(full):  # how many units at this fraction
    return max(1, int(full * fraction * scale))
megabytes = lambda mb: int(mb * 1024 * 1024 * fraction * scale)
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
with open(path, "wb") as out:
    if case == "random-binary":
        out.write(random.randbytes(megabytes(full_mb))); sys.exit()
    def w(text): out.write(text.encode())
    w("<!doctype html><html><body>")
    if case == "quotations":  # 200,000 attributed quotations in one paragraph
        w("<p>" + "Smith wrote “alpha beta gamma delta epsilon” and " * count(200_000) + "</p>")
    elif case == "nesting":
        unit = "<div><p>nested text</p>"
        n = megabytes(full_mb) // len(unit)
        w(unit * n + "</div>" * n)
    elif case == "paragraphs":  # distinct paragraphs, FULL_MB in all
        size, i = megabytes(full_mb), 0
        while out.tell() < size:
            w(f"<p>Paragraph {i} says something of its own about item {i * 7919 % 100003}.</p>\n"); i += 1
    elif case == "identical-paragraphs":  # 1,000,000 copies of one paragraph
        w("<p>The same sentence about the same finding is printed here once again.</p>\n" * count(1_000_000))
    elif case == "text-node":  # one 50 MB text node
        size = megabytes(50)
        w("<p>")
        while out.tell() < size:
            w(" ".join(random.choice(words) for _ in range(1000)) + " ")
        w("</p>")
    elif case == "one-paragraph":  # one 10 MB paragraph of sentences with inline markup
        size = megabytes(10)
        w("<p>")
        i = 0
        while out.tell() < size:
            w(f"Sentence {i} has <em>some</em> words and a <a href=\"#s{i % 97}\">link</a> in it. "); i += 1
        w("</p>")
    elif case == "markers-and-entries":  # 100,000 citation markers and 100,000 entries
        n = count(100_000)
        w("".join(f"<p>Claim {i} [{i + 1}].</p>" for i in range(n)))
        w("<h2>References</h2><ol>" + "".join(f"<li>Author{i} A. Title {i}. J Test. 2001;1:{i}.</li>" for i in range(n)) + "</ol>")
    w("</body></html>")
PY
}

# best SECONDS KB of ROUNDS lints of FILE (KB: the peak RSS of the fastest run)
measure() {
  local best="" best_kb=""
  for ((round = 0; round < rounds; ++round)); do
    local seconds kb
    read -r seconds kb < <(/usr/bin/time -f '%e %M' "$reflint" --offline --no-cache --no-cross-page -q \
      --fail-on none -j1 --max-input-mb 2047 "$1" 2>&1 >/dev/null | tail -1)
    if [[ -z $best ]] || awk -v s="$seconds" -v b="$best" 'BEGIN { exit !(s < b) }'; then
      best=$seconds best_kb=$kb
    fi
  done
  echo "$best $best_kb"
}

printf '%-22s %9s %9s %9s %8s %9s %10s %9s\n' case "MB" "s/10" "s" "ratio" "exponent" "RSS MB" "RSS/in"
for case in markers-and-entries quotations text-node identical-paragraphs one-paragraph nesting paragraphs \
  random-binary; do
  generate "$case" 0.1 "$work/small.html"
  generate "$case" 1 "$work/full.html"
  read -r small_s _ < <(measure "$work/small.html")
  read -r full_s full_kb < <(measure "$work/full.html")
  size=$(stat -c %s "$work/full.html")
  awk -v c="$case" -v a="$small_s" -v b="$full_s" -v kb="$full_kb" -v in_b="$size" 'BEGIN {
    ratio = a > 0 ? b / a : 0
    printf "%-22s %9.1f %9.2f %9.2f %8.1f %9.2f %10.0f %9.1f\n", c, in_b / 1048576, a, b, ratio,
           (ratio > 0 ? log(ratio) / log(10) : 0), kb / 1024, kb * 1024 / in_b }'
done
