#!/usr/bin/python3
"""Loopback web site for reflint's site-audit tests and benchmarks.

Serves a generated site of --pages article pages under /site/ (internal links,
redirects in and out of scope, 404/410/500 pages, a PDF, a slow page, a 2 MB
page, a connection dropped without an answer (/site/reset.html), a
robots.txt with Disallow, optional Crawl-delay and the Sitemap line (unless --no-robots-sitemap),
optional Cache-Control max-age, a sitemap index with gzipped child sitemaps and <lastmod>), ETag and Last-Modified with 304 answers, and
request counters under /_control/. Binds a loopback address only, so tests never
reach the internet. Standard library only.

Control endpoints (GET):
  /_control/stats           JSON: requests, per_path, full_downloads, not_modified,
                            max_in_flight, max_per_second, disallowed_requests
  /_control/reset           zero the counters
  /_control/change?page=N   a new version of page N (new text, ETag, lastmod)
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import random
import signal
import sys
import threading
import time
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

LOOPBACK = {"127.0.0.1", "127.0.0.2", "::1"}
BASE_DATE = datetime.datetime(2026, 1, 5, 12, 0, 0, tzinfo=datetime.timezone.utc)
PAGES_PER_SITEMAP = 1000
# Words of the generated pages' prose: random sentences of them never read as copies of each other.
VOCABULARY = ("""tide gauge coast reading season harbour current survey record station mean level storm surge
  datum chart buoy sensor drift salinity estuary basin inlet shoal channel pier jetty breakwater
  ebb flood neap spring lunar solar cycle amplitude phase interval hourly daily monthly annual
  calibration offset bias error margin sample series trend anomaly residual model forecast
  observer logbook archive volunteer network agency bulletin report figure table appendix note
  north south east west upper lower inner outer shallow deep narrow broad calm rough cold warm
  measured compared adjusted recorded estimated derived reported observed noted corrected
  gravel sand clay reef marsh dune cliff cove bay sound strait lagoon delta river wharf dock""").split()


class Site:
    """The generated pages and the request counters, shared by the handler threads."""

    def __init__(self, pages: int, latency_ms: int, slow_ms: int, crawl_delay: float, max_age: int = -1,
                 robots_sitemap: bool = True) -> None:
        self.robots_sitemap = robots_sitemap
        self.max_age = max_age  # >= 0: pages say Cache-Control: max-age=N
        self.pages = pages
        self.latency = latency_ms / 1000
        self.slow = slow_ms / 1000
        self.crawl_delay = crawl_delay
        self.versions = [0] * pages
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.requests = 0
            self.per_path: Counter[str] = Counter()
            self.full_downloads = 0
            self.not_modified = 0
            self.in_flight = 0
            self.max_in_flight = 0
            self.recent: deque[float] = deque()
            self.max_per_second = 0
            self.disallowed_requests = 0

    def stats(self) -> dict:
        with self.lock:
            return {"requests": self.requests, "per_path": dict(self.per_path),
                    "full_downloads": self.full_downloads, "not_modified": self.not_modified,
                    "max_in_flight": self.max_in_flight, "max_per_second": self.max_per_second,
                    "disallowed_requests": self.disallowed_requests}

    # ---- content

    def modified(self, page: int) -> datetime.datetime:
        return BASE_DATE + datetime.timedelta(days=self.versions[page])

    def etag(self, page: int) -> str:
        return f'"p{page}-v{self.versions[page]}"'

    def page_html(self, page: int) -> str:
        """An article page. Every 100th page has a malformed DOI; pages 3 and 4 of every 500
        share a paragraph (a cross-page duplicate); links lead on through the site."""
        n = self.pages
        version = self.versions[page]
        links = [f"/site/a/{(page + 1) % n}.html", f"/site/a/{(page * 7 + 3) % n}.html",
                 f"/site/a/{(page + 1) % n}.html#section-2",
                 f"/site/a/{(page + 2) % n}.html?utm_source=feed&utm_medium=rss",
                 f"/site/go/{(page + 5) % n}", "/site/private/secret.html", "/other/page.html",
                 "/site/missing.html", "mailto:editor@example.org", "../index.html"]
        if page % 50 == 0:
            links += ["/site/gone.html", "/site/error.html", "/site/file.pdf", "/site/out",
                      "http://127.0.0.2:9/site/a/1.html"]
        if page == 1:
            links.append("/site/slow.html")
        anchors = "\n".join(f'<li><a href="{href}">link {i}</a></li>' for i, href in enumerate(links))
        words = random.Random(page * 1000 + version)
        body = [f"<p>Page {page} (version {version}): " + " ".join(words.choice(VOCABULARY) for _ in range(40)) + ".</p>",
                "<p>" + " ".join(words.choice(VOCABULARY) for _ in range(30)) + ".</p>"]
        if page % 500 in (3, 4):
            body.append("<p>The shared paragraph: gauges along the fictional coast were recalibrated "
                        "in the same week, and every reading since then agrees within a millimetre of "
                        "the reference station's record.</p>")
        doi = f"10.5555/tide.{page}" if page % 100 != 42 else f"10.5555 tide.{page}"
        body.append(f'<ol class="references"><li id="ref1">Fictive A. Tides of page {page}. '
                    f"J Fict Sea. 2020;{page}:1-9. doi:{doi}</li></ol>")
        return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                f"<title>Page {page}</title>"
                f'<link rel="canonical" href="/site/a/{page}.html"></head>\n<body><article>\n'
                + "\n".join(body) + f"\n</article>\n<nav><ul>\n{anchors}\n</ul></nav>\n</body></html>\n")

    def index_html(self) -> str:
        anchors = "".join(f'<a href="a/{i}.html">{i}</a> ' for i in range(0, self.pages, 97))
        return ('<!DOCTYPE html><html><head><title>Index</title><link rel="canonical" href="/site/"></head><body>'
                f"<p>The fictional tide archive.</p><nav>{anchors}"
                '<a href="a/0.html">start</a></nav></body></html>\n')

    def sitemap_index(self, base: str) -> str:
        count = (self.pages + PAGES_PER_SITEMAP - 1) // PAGES_PER_SITEMAP
        items = "".join(f"<sitemap><loc>{base}/sitemaps/{i}.xml.gz</loc></sitemap>" for i in range(count))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>\n')

    def sitemap(self, base: str, part: int) -> str:
        first = part * PAGES_PER_SITEMAP
        items = "".join(
            f"<url><loc>{base}/site/a/{i}.html</loc><lastmod>{self.modified(i).strftime('%Y-%m-%d')}</lastmod></url>"
            for i in range(first, min(self.pages, first + PAGES_PER_SITEMAP)))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>\n')

    def robots(self, base: str) -> str:
        delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay > 0 else ""
        sitemap = f"Sitemap: {base}/sitemap_index.xml\n" if self.robots_sitemap else ""
        return f"User-agent: *\nDisallow: /site/private/\n{delay}\n{sitemap}"

    def write_pages(self, folder: Path) -> None:
        """The in-scope HTML pages as files, for a run over the same pages as local files."""
        (folder / "a").mkdir(parents=True, exist_ok=True)
        for page in range(self.pages):
            (folder / "a" / f"{page}.html").write_text(self.page_html(page), encoding="utf-8")
        (folder / "index.html").write_text(self.index_html(), encoding="utf-8")
        (folder / "slow.html").write_text(self.slow_html(), encoding="utf-8")

    def slow_html(self) -> str:
        return "<!DOCTYPE html><html><head><title>Slow</title></head><body><p>A slow page.</p></body></html>\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        if parts.path.startswith("/_control/"):
            return self.control(parts.path, parse_qs(parts.query))
        site = self.site
        now = time.monotonic()
        with site.lock:
            site.requests += 1
            site.per_path[parts.path] += 1
            site.in_flight += 1
            site.max_in_flight = max(site.max_in_flight, site.in_flight)
            site.recent.append(now)
            while site.recent and site.recent[0] < now - 1.0:
                site.recent.popleft()
            site.max_per_second = max(site.max_per_second, len(site.recent))
            if parts.path.startswith("/site/private/"):
                site.disallowed_requests += 1
        try:
            if site.latency:
                time.sleep(site.latency)
            self.route(parts.path)
        finally:
            with site.lock:
                site.in_flight -= 1

    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}" if ":" not in host else f"http://[{host}]:{port}"

    def route(self, path: str) -> None:
        site = self.site
        base = self.base()
        if path == "/robots.txt":
            return self.send(200, "text/plain", site.robots(base).encode())
        if path == "/sitemap_index.xml":
            return self.send(200, "application/xml", site.sitemap_index(base).encode())
        if path.startswith("/sitemaps/") and path.endswith(".xml.gz"):
            part = int(path[len("/sitemaps/"):-len(".xml.gz")])
            return self.send(200, "application/gzip", gzip.compress(site.sitemap(base, part).encode(), mtime=0))
        if path in ("/site/", "/site/index.html"):
            return self.send(200, "text/html; charset=utf-8", site.index_html().encode())
        if path.startswith("/site/a/") and path.endswith(".html"):
            try:
                page = int(path[len("/site/a/"):-len(".html")])
            except ValueError:
                page = -1
            if 0 <= page < site.pages:
                return self.page(page)
        if path.startswith("/site/go/"):
            return self.redirect(301, f"/site/a/{path[len('/site/go/'):]}.html")
        if path == "/site/out":
            return self.redirect(302, "http://127.0.0.2:9/elsewhere.html")
        if path == "/site/gone.html":
            return self.send(410, "text/html", b"<p>Gone</p>")
        if path == "/site/error.html":
            return self.send(500, "text/html", b"<p>Error</p>")
        if path == "/site/file.pdf":
            return self.send(200, "application/pdf", b"%PDF-1.4 fictional\n")
        if path in ("/site/cycle-a.html", "/site/cycle-b.html"):  # each names the other canonical
            other = "b" if path.endswith("a.html") else "a"
            return self.send(200, "text/html", f'<link rel="canonical" href="cycle-{other}.html">'
                             f"<p>Cycle page {path}.</p>".encode())
        if path == "/site/huge.html":  # past a 1 MiB size cap
            return self.send(200, "text/html", b"<p>" + b"tide " * (400 * 1024) + b"</p>")
        if path == "/site/reset.html":  # the connection dropped without an answer
            self.close_connection = True
            self.connection.shutdown(__import__("socket").SHUT_RDWR)
            return None
        if path == "/site/slow.html":
            time.sleep(site.slow)
            return self.send(200, "text/html; charset=utf-8", site.slow_html().encode())
        return self.send(404, "text/html", b"<p>Not found</p>")

    def page(self, page: int) -> None:
        site = self.site
        etag = site.etag(page)
        modified = site.modified(page).strftime("%a, %d %b %Y %H:%M:%S GMT")
        if self.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == modified):
            with site.lock:
                site.not_modified += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            if site.max_age >= 0:
                self.send_header("Cache-Control", f"max-age={site.max_age}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with site.lock:
            site.full_downloads += 1
        headers = {"ETag": etag, "Last-Modified": modified}
        if site.max_age >= 0:
            headers["Cache-Control"] = f"max-age={site.max_age}"
        self.send(200, "text/html; charset=utf-8", site.page_html(page).encode(), headers)

    def redirect(self, status: int, location: str) -> None:
        self.send(status, "text/html", b"", {"Location": location})

    def send(self, status: int, content_type: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def control(self, path: str, query: dict) -> None:
        site = self.site
        if path == "/_control/stats":
            return self.send(200, "application/json", json.dumps(site.stats()).encode())
        if path == "/_control/reset":
            site.reset()
            return self.send(200, "application/json", b"{}")
        if path == "/_control/change":
            page = int(query.get("page", ["0"])[0])
            with site.lock:
                site.versions[page] += 1
            return self.send(200, "application/json", b"{}")
        return self.send(404, "application/json", b"{}")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        """A client that gave up (a timeout, the end of a run) is no error of the server's."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--slow-ms", type=int, default=1500)
    parser.add_argument("--crawl-delay", type=float, default=0)
    parser.add_argument("--max-age", type=int, default=-1, help="pages send Cache-Control: max-age=N")
    parser.add_argument("--no-robots-sitemap", action="store_true",
                        help="robots.txt names no sitemap (it is still served at /sitemap_index.xml)")
    parser.add_argument("--max-seconds", type=float, default=900, help="exit after this long whatever happens")
    parser.add_argument("--write-pages", metavar="DIR", help="write the site's HTML pages to DIR and exit")
    args = parser.parse_args()
    if args.bind not in LOOPBACK:
        print(f"refusing to bind {args.bind}: loopback addresses only", file=sys.stderr)
        return 2
    site = Site(args.pages, args.latency_ms, args.slow_ms, args.crawl_delay, args.max_age,
                not args.no_robots_sitemap)
    if args.write_pages:
        site.write_pages(Path(args.write_pages))
        return 0
    Handler.site = site
    Server.address_family = __import__("socket").AF_INET6 if ":" in args.bind else __import__("socket").AF_INET
    server = Server((args.bind, args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Timer(args.max_seconds, lambda: os._exit(0)).start()
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
