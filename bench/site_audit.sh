#!/usr/bin/env bash
# Site audits on the loopback site server (tests/site_server: a generated site, 20 ms latency per
# request; never the internet), in one script:
#   1. a crawl of the whole site: pages fetched, requests, the most in flight, wall, CPU, peak RSS;
#   2. the same site re-audited with nothing changed (the crawl reads the sitemaps robots.txt names:
#      <lastmod> unchanged, no page requested), then with one page changed, then through its sitemap;
#      the same site when robots.txt names no sitemap (conditional requests: 304s); and a site whose
#      pages say Cache-Control: max-age=600 re-audited within that time (no request);
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
# Starts a site server with the options given; sets $started (its base URL) and $started_pid.
start_site() {
  local ready=$work/ready-$RANDOM
  python3 tests/site_server/site_server.py --pages "$pages" --latency-ms 20 --max-seconds 3600 "$@" >"$ready" &
  started_pid=$!
  for _ in $(seq 100); do [[ -s $ready ]] && break; sleep 0.1; done
  started=http://127.0.0.1:$(cut -d' ' -f2 "$ready")
}
start_site
server=$started_pid
base=$started
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
echo "reflint re-audit, nothing changed: $again; pages requested $(site_pages), full downloads" \
  "$(stat full_downloads), 304s $(stat not_modified)"
grep '^reflint: site:' "$work/stderr" || true
control change?page=7 >/dev/null
control reset >/dev/null
echo "reflint re-audit, one page changed: $(audit --crawl "$base/site/"); full downloads $(stat full_downloads)"
audit --sitemap "$base" >/dev/null
control reset >/dev/null
echo "reflint sitemap re-audit (lastmod): $(audit --sitemap "$base"); requests $(stat requests), pages" \
  "requested $(site_pages)"
awk -v a="$first" -v b="$again" 'BEGIN { split(a, x, " "); split(b, y, " ");
  printf "re-audit wall / first audit: %.2f (goal <= 0.2)\n", y[2] / x[2] }'

# First audit and re-audit of another server's site, and their ratio: LABEL then the server's options.
reaudit() {
  local label=$1
  shift
  start_site "$@"
  local first again
  first=$(audit --crawl "$started/site/")
  again=$(audit --crawl "$started/site/")
  kill "$started_pid"
  echo "reflint re-audit of a site $label: $again (first audit: $first)"
  grep '^reflint: site:' "$work/stderr" || true
  awk -v a="$first" -v b="$again" -v l="$label" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "re-audit wall / first audit, site %s: %.2f (goal <= 0.2)\n", l, y[2] / x[2] }'
}
# Without a sitemap in robots.txt nor freshness, a re-audit asks for every page (304s).
reaudit "whose robots.txt names no sitemap" --no-robots-sitemap
# Pages that stay fresh for 10 minutes (Cache-Control: max-age=600): nothing asked within that time.
reaudit "whose pages say max-age=600 (no sitemap named)" --no-robots-sitemap --max-age 600

if [[ -x $linkinator ]]; then
  control reset >/dev/null
  peer=$(measure "$linkinator" "$base/site/" --recurse --concurrency "$concurrency" --format json)
  echo "linkinator $("$linkinator" --version) --recurse: $peer; pages $(site_pages), requests $(stat requests)"
  awk -v a="$first" -v b="$peer" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "reflint / linkinator: wall %.2f (goal <= 1.0), cpu %.2f (goal <= 0.3)\n", x[2] / y[2], x[5] / y[5] }'
else
  echo "linkinator: not installed (tools/setup.sh --bench)"
fi
