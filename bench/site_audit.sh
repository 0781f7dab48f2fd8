#!/usr/bin/env bash
# Site audits on the loopback site server (tests/site_server: a generated site, 20 ms latency per
# request; never the internet), in one script:
#   1. a crawl of the whole site: pages fetched, requests, the most in flight, wall, CPU, peak RSS;
#   2. the same site re-audited with nothing changed (conditional requests: 304s), then with one page
#      changed, then through its sitemap (<lastmod> unchanged: no page requested at all), and a site
#      whose pages say Cache-Control: max-age=600 re-audited within that time (no request);
#   3. linkinator (npm, tools/setup.sh --bench) crawling the same site at the same concurrency.
# Goals: re-audit wall <= 0.2 x the first audit; reflint's wall <= 1.0 x linkinator's and its CPU
# <= 0.3 x, while it also lints every page.
#   bench/site_audit.sh BUILD_DIR [PAGES] [CONCURRENCY]
set -euo pipefail
build=${1:?usage: bench/site_audit.sh BUILD_DIR [PAGES] [CONCURRENCY]}
pages=${2:-2000}
concurrency=${3:-8}
cd "$(dirname "$0")/.."
reflint=$build/reflint
linkinator=tools/peers/node_modules/.bin/linkinator
[[ -x /usr/bin/time ]] || { echo "site_audit: needs GNU time (tools/setup.sh --bench)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
python3 tests/site_server/site_server.py --pages "$pages" --latency-ms 20 --max-seconds 3600 >"$work/ready" &
server=$!
for _ in $(seq 100); do [[ -s $work/ready ]] && break; sleep 0.1; done
port=$(cut -d' ' -f2 "$work/ready")
base=http://127.0.0.1:$port
control() { curl -s "$base/_control/$1"; }
stat() { control stats | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['$1'])"; }
site_pages() {
  control stats | python3 -c "import json,sys; d=json.load(sys.stdin)['per_path']; print(sum(1 for p in d if p.startswith('/site/a/')))"
}
offline_rules=doi-unresolvable,doi-metadata-mismatch,doi-retracted,unverified-quote,misattributed-quote

# Wall s, CPU s (user + system) and peak RSS (MB) of a command, on one line.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
  tail -1 "$work/time" | awk '{ printf "wall %.2f s  cpu %.2f s  rss %.0f MB", $1, $2 + $3, $4 / 1024 }'
}
audit() {
  measure "$reflint" --cache "$work/cache.sqlite" --disable "$offline_rules" --site-concurrency "$concurrency" \
    --site-rate 10000 --progress never --format json "$@"
}

echo "site: $pages pages, 20 ms per request, concurrency $concurrency, $(nproc) cores"
control reset >/dev/null
first=$(audit --crawl "$base/site/")
echo "reflint crawl (first audit): $first; pages $(site_pages), requests $(stat requests), full downloads" \
  "$(stat full_downloads), most in flight $(stat max_in_flight)"
grep '^reflint: site:' "$work/stderr" || true
control reset >/dev/null
again=$(audit --crawl "$base/site/")
echo "reflint re-audit, nothing changed: $again; full downloads $(stat full_downloads), 304s $(stat not_modified)"
control change?page=7 >/dev/null
control reset >/dev/null
echo "reflint re-audit, one page changed: $(audit --crawl "$base/site/"); full downloads $(stat full_downloads)"
audit --sitemap "$base" >/dev/null
control reset >/dev/null
echo "reflint sitemap re-audit (lastmod): $(audit --sitemap "$base"); requests $(stat requests), pages" \
  "requested $(site_pages)"
awk -v a="$first" -v b="$again" 'BEGIN { split(a, x, " "); split(b, y, " ");
  printf "re-audit wall / first audit: %.2f (goal <= 0.2)\n", y[2] / x[2] }'

# The same site saying its pages stay fresh for 10 minutes (Cache-Control: max-age=600): a re-audit
# within that time asks for nothing it has.
python3 tests/site_server/site_server.py --pages "$pages" --latency-ms 20 --max-age 600 --max-seconds 3600 \
  >"$work/ready-fresh" &
fresh_server=$!
for _ in $(seq 100); do [[ -s $work/ready-fresh ]] && break; sleep 0.1; done
fresh_base=http://127.0.0.1:$(cut -d' ' -f2 "$work/ready-fresh")
fresh_first=$(audit --crawl "$fresh_base/site/")
fresh_again=$(audit --crawl "$fresh_base/site/")
kill $fresh_server
echo "reflint re-audit of a site whose pages say max-age=600: $fresh_again (first audit: $fresh_first)"
awk -v a="$fresh_first" -v b="$fresh_again" 'BEGIN { split(a, x, " "); split(b, y, " ");
  printf "re-audit wall / first audit, max-age site: %.2f (goal <= 0.2)\n", y[2] / x[2] }'

if [[ -x $linkinator ]]; then
  control reset >/dev/null
  peer=$(measure "$linkinator" "$base/site/" --recurse --concurrency "$concurrency" --format json)
  echo "linkinator $("$linkinator" --version) --recurse: $peer; pages $(site_pages), requests $(stat requests)"
  awk -v a="$first" -v b="$peer" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "reflint / linkinator: wall %.2f (goal <= 1.0), cpu %.2f (goal <= 0.3)\n", x[2] / y[2], x[5] / y[5] }'
else
  echo "linkinator: not installed (tools/setup.sh --bench)"
fi
