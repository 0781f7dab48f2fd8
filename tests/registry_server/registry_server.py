#!/usr/bin/python3
"""Loopback stand-in for the public registries reflint talks to.

Speaks the doi.org handle and RA APIs, the Crossref REST API (/works), the
DataCite REST API (/dois) and the Europe PMC search API, all from one JSON data
file, plus /_control endpoints for fault injection and request statistics.
Binds 127.0.0.1 only, so tests never reach the internet. Standard library only.
See README.md for the data format and the control protocol.
"""

from __future__ import annotations

import argparse
import datetime
import html
import ipaddress
import json
import os
import re
import signal
import socket
import socketserver
import struct
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

HOST = "127.0.0.1"  # the default; --bind takes another loopback address, never any other
CONTROL_PREFIX = "/_control/"
JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
DEFAULT_CROSSREF_RATE_LIMIT = 50  # per second, as /works answers advertise unless the data says
EUROPEPMC_LITE_KEYS = ("id", "source", "pmid", "pmcid", "doi", "title",
                       "authorString", "pubYear", "pageInfo", "firstPublicationDate")
STREAM_CHUNK = 64 * 1024

DateParts = list[int]  # [year], [year, month] or [year, month, day]


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

@dataclass
class Work:
    """One registered DOI; field names are those of the data file."""

    doi: str
    agency: str  # "Crossref" or "DataCite"
    title: str
    type: str = "journal-article"  # Crossref type, or DataCite resourceTypeGeneral
    url: str = ""  # landing page; "{server}" expands to this server's base URL
    authors: list[dict[str, str]] = field(default_factory=list)  # {given, family} or {name}
    subtitle: str = ""
    institution: str = ""  # a preprint's server ("bioRxiv")
    relation: dict[str, list[str]] = field(default_factory=dict)  # {"is-preprint-of": [doi, ...]}
    container_title: str = ""
    short_container_title: str = ""
    publisher: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    article_number: str = ""
    issn: list[str] = field(default_factory=list)
    issued: DateParts = field(default_factory=list)
    published_print: DateParts = field(default_factory=list)
    published_online: DateParts = field(default_factory=list)
    abstract: list[dict[str, str]] = field(default_factory=list)  # {title?, text}
    update_to: list[dict[str, Any]] = field(default_factory=list)
    updated_by: list[dict[str, Any]] = field(default_factory=list)
    europepmc: dict[str, str] | None = None  # present iff Europe PMC indexes it
    fulltext: list[dict[str, str]] = field(default_factory=list)  # open-access body {title?, text}
    note: str = ""  # provenance remark for humans; never served

    @property
    def prefix(self) -> str:
        return self.doi.split("/", 1)[0]

    def landing_url(self, base_url: str) -> str:
        return self.url.replace("{server}", base_url)

    def abstract_plain(self) -> str:
        return "\n\n".join(section["text"] for section in self.abstract)


class RecordedAnswers:
    """Real answers of Crossref /works and DataCite /dois, as recorded (the layout of
    ../shared/registry-samples: crossref-works/*.json, datacite-dois/*.json), served byte for byte.
    A DOI's answer is the first recording of it in file-name order; answers that are no single
    record (lists, errors) are left out."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.crossref: dict[str, bytes] = {}
        self.datacite: dict[str, bytes] = {}
        if folder is None:
            return
        for kind, key, target in (("crossref-works", ("message", "DOI"), self.crossref),
                                  ("datacite-dois", ("data", "id"), self.datacite)):
            for path in sorted(Path(folder, kind).glob("*.json")):
                body = path.read_bytes()
                try:
                    doi = json.loads(body)[key[0]][key[1]]
                except (ValueError, TypeError, KeyError):
                    continue
                if isinstance(doi, str):
                    target.setdefault(doi.lower(), body)
        if not self.crossref and not self.datacite:
            raise ValueError(f"--recorded {folder}: no recorded Crossref work or DataCite record")

    def agencies(self) -> dict[str, str]:
        found = {doi: "DataCite" for doi in self.datacite}
        found.update({doi: "Crossref" for doi in self.crossref})
        return found


class Registry:
    """All works and pages, looked up case-insensitively by DOI."""

    def __init__(self, works: list[Work], pages: dict[str, str],
                 crossref_rate_limit: int = DEFAULT_CROSSREF_RATE_LIMIT,
                 recorded: RecordedAnswers | None = None) -> None:
        self._works = {work.doi.lower(): work for work in works}
        if len(self._works) != len(works):
            raise ValueError("duplicate DOI in data file")
        self._agencies = {work.prefix.lower(): work.agency for work in works}
        self.recorded = recorded or RecordedAnswers()
        for doi, agency in self.recorded.agencies().items():
            self._agencies.setdefault(doi.split("/", 1)[0], agency)
        self._pages = pages
        self.crossref_headers = {"X-Rate-Limit-Limit": str(crossref_rate_limit),
                                 "X-Rate-Limit-Interval": "1s"}

    @classmethod
    def load(cls, path: str | Path, recorded: RecordedAnswers | None = None) -> Registry:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        try:
            works = [Work(**item) for item in data.get("works", [])]
        except TypeError as error:  # unknown or missing key in a work
            raise ValueError(f"{path}: bad work entry: {error}") from None
        return cls(works, dict(data.get("pages", {})),
                   int(data.get("crossref_rate_limit", DEFAULT_CROSSREF_RATE_LIMIT)), recorded)

    def work(self, doi: str) -> Work | None:
        return self._works.get(doi.strip().lower())

    def agency(self, doi_or_prefix: str) -> str | None:
        """The RA of a known DOI, or of a bare prefix that has known DOIs."""
        key = doi_or_prefix.strip().lower()
        if "/" in key:
            work = self._works.get(key)
            return work.agency if work else self.recorded.agencies().get(key)
        return self._agencies.get(key)

    def page(self, name: str) -> str | None:
        return self._pages.get(name)

    def works_with_title(self, phrase: str) -> list[Work]:
        """Works whose title contains `phrase`, as Europe PMC's TITLE:"…" phrase search finds
        them: case, punctuation and spacing do not matter."""
        wanted = search_words(phrase)
        if not wanted:
            return []
        return [work for work in self._works.values()
                if f" {wanted} " in f" {search_words(work.title)} "]

    def work_with_pmcid(self, pmcid: str) -> Work | None:
        for work in self._works.values():
            if (work.europepmc or {}).get("pmcid", "").lower() == pmcid.lower():
                return work
        return None


def search_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


# ---------------------------------------------------------------------------
# Rendering: one function per public record shape
# ---------------------------------------------------------------------------

def crossref_date(parts: DateParts) -> dict[str, Any]:
    return {"date-parts": [list(parts)]}


def crossref_timestamped_date(parts: DateParts) -> dict[str, Any]:
    """A Crossref 'date' (as in update entries): date-parts plus time stamps."""
    year, month, day = (list(parts) + [1, 1])[:3]
    moment = datetime.datetime(year, month, day, tzinfo=datetime.timezone.utc)
    return {"date-parts": [list(parts)],
            "date-time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "timestamp": int(moment.timestamp() * 1000)}


def crossref_update(entry: dict[str, Any]) -> dict[str, Any]:
    update = {"updated": crossref_timestamped_date(entry["date"]),
              "DOI": entry["doi"].lower(),
              "type": entry["type"],
              "source": entry.get("source", "publisher"),
              "label": entry.get("label", entry["type"].replace("_", " ").capitalize())}
    if "record_id" in entry:
        update["record-id"] = entry["record_id"]
    return update


def jats_abstract(sections: list[dict[str, str]]) -> str:
    """Crossref serves abstracts as JATS XML fragments with a jats: prefix."""
    def para(text: str) -> str:
        return f"<jats:p>{html.escape(text, quote=False)}</jats:p>"

    if not any("title" in section for section in sections):
        return "".join(para(section["text"]) for section in sections)
    parts = ["<jats:title>Abstract</jats:title>"]
    for section in sections:
        title = html.escape(section.get("title", ""), quote=False)
        parts.append(f"<jats:sec><jats:title>{title}</jats:title>"
                     f"{para(section['text'])}</jats:sec>")
    return "".join(parts)


def crossref_message(work: Work, base_url: str) -> dict[str, Any]:
    doi = work.doi.lower()  # Crossref always reports DOIs in lower case
    authors = [({"name": author["name"]} if "name" in author
                 else {"given": author["given"], "family": author["family"]})
               | {"sequence": "first" if index == 0 else "additional", "affiliation": []}
               for index, author in enumerate(work.authors)]
    message: dict[str, Any] = {
        "DOI": doi,
        "URL": f"https://doi.org/{doi}",
        "prefix": work.prefix.lower(),
        "type": work.type,
        "title": [work.title],
        "author": authors,
        "container-title": [work.container_title] if work.container_title else [],
        "short-container-title":
            [work.short_container_title] if work.short_container_title else [],
        "publisher": work.publisher,
        "ISSN": list(work.issn),
        "resource": {"primary": {"URL": work.landing_url(base_url)}},
    }
    optional = {"volume": work.volume, "issue": work.issue, "page": work.page,
                "article-number": work.article_number}
    message.update({key: value for key, value in optional.items() if value})
    dates = {"issued": work.issued, "published": work.issued,
             "published-print": work.published_print,
             "published-online": work.published_online}
    message.update({key: crossref_date(parts) for key, parts in dates.items() if parts})
    if work.subtitle:
        message["subtitle"] = [work.subtitle]
    if work.institution:
        message["institution"] = [{"name": work.institution}]
    if work.relation:
        message["relation"] = {kind: [{"id-type": "doi", "id": doi, "asserted-by": "subject"} for doi in dois]
                               for kind, dois in work.relation.items()}
    if work.abstract:
        message["abstract"] = jats_abstract(work.abstract)
    if work.update_to:
        message["update-to"] = [crossref_update(entry) for entry in work.update_to]
    if work.updated_by:
        message["updated-by"] = [crossref_update(entry) for entry in work.updated_by]
    return message


def handle_record(work: Work, base_url: str) -> dict[str, Any]:
    issued = (list(work.issued) + [1, 1, 1])[:3]
    timestamp = "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*issued)
    url_value = {"index": 1, "type": "URL",
                 "data": {"format": "string", "value": work.landing_url(base_url)},
                 "ttl": 86400, "timestamp": timestamp}
    return {"responseCode": 1, "handle": work.doi, "values": [url_value]}


def datacite_record(work: Work, base_url: str) -> dict[str, Any]:
    doi = work.doi.lower()  # DataCite stores DOIs in lower case
    creators = [{"name": f"{author['family']}, {author['given']}", "nameType": "Personal",
                 "givenName": author["given"], "familyName": author["family"],
                 "affiliation": [], "nameIdentifiers": []}
                for author in work.authors]
    container = {"type": "Series", "title": work.container_title} if work.container_title else {}
    descriptions = ([{"description": work.abstract_plain(), "descriptionType": "Abstract"}]
                    if work.abstract else [])
    attributes = {
        "doi": doi,
        "prefix": work.prefix.lower(),
        "suffix": doi.split("/", 1)[1],
        "identifiers": [],
        "creators": creators,
        "titles": [{"title": work.title}],
        "publisher": work.publisher,
        "container": container,
        "publicationYear": work.issued[0] if work.issued else None,
        "types": {"resourceTypeGeneral": work.type},
        "descriptions": descriptions,
        "url": work.landing_url(base_url),
        "state": "findable",
    }
    return {"data": {"id": doi, "type": "dois", "attributes": attributes}}


def initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


def europepmc_result(work: Work, core: bool) -> dict[str, Any]:
    ids = work.europepmc or {}
    pmid, pmcid = ids.get("pmid", ""), ids.get("pmcid", "")
    # Europe PMC copies PubMed: titles end with a period, authors are "Family AB".
    title = work.title if work.title.endswith((".", "?", "!")) else work.title + "."
    names = [f"{author['family']} {initials(author['given'])}" for author in work.authors]
    page = work.page or work.article_number
    result: dict[str, Any] = {
        "id": pmid or pmcid, "source": "MED" if pmid else "PMC",
        "pmid": pmid, "pmcid": pmcid, "doi": work.doi, "title": title,
        "authorString": ", ".join(names) + ".",
        "pubYear": str(work.issued[0]), "pageInfo": page,
        "firstPublicationDate": "-".join(f"{part:02d}" for part in work.issued),
    }
    if not core:
        return {key: result[key] for key in EUROPEPMC_LITE_KEYS if result[key]}
    result["authorList"] = {"author": [
        {"fullName": name, "firstName": author["given"], "lastName": author["family"],
         "initials": initials(author["given"])}
        for name, author in zip(names, work.authors)]}
    journal = {"title": ids.get("journal", work.container_title),
               "medlineAbbreviation": work.short_container_title,
               "issn": work.issn[0] if work.issn else ""}
    result["journalInfo"] = {"volume": work.volume, "issue": work.issue,
                             "yearOfPublication": work.issued[0], "journal": journal}
    if work.fulltext and pmcid:
        result["fullTextIdList"] = {"fullTextId": [pmcid]}
    result["isOpenAccess"] = "Y" if work.fulltext else "N"
    result["inEPMC"] = "Y" if work.fulltext else "N"
    if work.abstract:
        result["abstractText"] = "".join(
            (f"<h4>{html.escape(section['title'])}</h4>" if "title" in section else "")
            + html.escape(section["text"], quote=False)
            for section in work.abstract)
    return result


def jats_article(work: Work) -> str:
    """The open-access full text as Europe PMC's fullTextXML serves it: a JATS <article>."""
    def sections(parts: list[dict[str, str]]) -> str:
        return "".join(
            "<sec>" + (f"<title>{html.escape(part['title'])}</title>" if "title" in part else "")
            + "".join(f"<p>{html.escape(paragraph, quote=False)}</p>"
                      for paragraph in part["text"].split("\n\n"))
            + "</sec>"
            for part in parts)
    pmcid = (work.europepmc or {}).get("pmcid", "")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<article xmlns:xlink="http://www.w3.org/1999/xlink" '
            'xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="research-article">'
            "<front><article-meta>"
            f'<article-id pub-id-type="pmcid">{html.escape(pmcid)}</article-id>'
            f'<article-id pub-id-type="doi">{html.escape(work.doi)}</article-id>'
            f"<title-group><article-title>{html.escape(work.title)}</article-title></title-group>"
            f"<abstract>{sections(work.abstract)}</abstract>"
            "</article-meta></front>"
            f"<body>{sections(work.fulltext)}</body>"
            "<back><ref-list><title>References</title></ref-list></back></article>")


# ---------------------------------------------------------------------------
# Public API routes: pure functions from request to Response
# ---------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = JSON_TYPE
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, body, JSON_TYPE, dict(headers or {}))


def text_response(status: int, text: str, content_type: str = TEXT_TYPE,
                  headers: dict[str, str] | None = None) -> Response:
    return Response(status, text.encode("utf-8"), content_type, dict(headers or {}))


@dataclass
class ApiRequest:
    registry: Registry
    base_url: str
    rest: str  # decoded path after the route prefix
    query: dict[str, list[str]]


def serve_handle(request: ApiRequest) -> Response:
    work = request.registry.work(request.rest)
    if work is None and request.registry.agency(request.rest):  # a recorded answer's DOI
        return json_response(200, {"responseCode": 1, "handle": request.rest, "values": []})
    if work is None:
        return json_response(404, {"responseCode": 100, "handle": request.rest})
    return json_response(200, handle_record(work, request.base_url))


def serve_ra(request: ApiRequest) -> Response:
    answers = []
    for doi in request.rest.split(","):  # doi.org accepts a comma-separated list
        agency = request.registry.agency(doi)
        answers.append({"DOI": doi, "RA": agency} if agency
                       else {"DOI": doi, "status": "DOI does not exist"})
    return json_response(200, answers)


def serve_crossref_work(request: ApiRequest) -> Response:
    recorded = request.registry.recorded.crossref.get(request.rest.strip().lower())
    if recorded is not None:
        return Response(200, recorded, JSON_TYPE, dict(request.registry.crossref_headers))
    work = request.registry.work(request.rest)
    if work is None or work.agency != "Crossref":
        return text_response(404, "Resource not found.", headers=request.registry.crossref_headers)
    payload = {"status": "ok", "message-type": "work", "message-version": "1.0.0",
               "message": crossref_message(work, request.base_url)}
    return json_response(200, payload, request.registry.crossref_headers)


def serve_datacite_doi(request: ApiRequest) -> Response:
    recorded = request.registry.recorded.datacite.get(request.rest.strip().lower())
    if recorded is not None:
        return Response(200, recorded, JSON_TYPE, {})
    work = request.registry.work(request.rest)
    if work is None or work.agency != "DataCite":
        error = {"status": "404", "title": "The resource you are looking for doesn't exist."}
        return json_response(404, {"errors": [error]})
    return json_response(200, datacite_record(work, request.base_url))


def serve_europepmc_search(request: ApiRequest) -> Response:
    query = request.query.get("query", [""])[0]
    result_type = request.query.get("resultType", ["lite"])[0]  # Europe PMC's default
    if request.query.get("format", [""])[0] != "json":
        # The real service would answer XML; this server only speaks its JSON.
        return text_response(400, "this test server only supports format=json")
    by_doi = re.fullmatch(r'\s*DOI:\s*"?([^"\s]+)"?\s*', query, re.IGNORECASE)
    by_title = re.fullmatch(r'\s*TITLE:\s*"([^"]+)"\s*', query, re.IGNORECASE)
    if by_doi:
        found = [request.registry.work(by_doi.group(1))]
    elif by_title:
        found = request.registry.works_with_title(by_title.group(1))
    else:
        found = []
    results = [europepmc_result(work, core=result_type == "core")
               for work in found if work and work.europepmc is not None]
    return json_response(200, {
        "version": "6.9", "hitCount": len(results),
        "request": {"queryString": query, "resultType": result_type, "cursorMark": "*",
                    "pageSize": 25, "sort": "", "synonym": False},
        "resultList": {"result": results}})


def serve_europepmc_fulltext(request: ApiRequest) -> Response:
    pmcid = request.rest.removesuffix("/fullTextXML")
    work = request.registry.work_with_pmcid(pmcid)
    if work is None or not work.fulltext:
        return text_response(404, "", "application/xml")
    return text_response(200, jats_article(work), "application/xml")


def serve_page(request: ApiRequest) -> Response:
    page = request.registry.page(request.rest)
    if page is None:
        return text_response(404, "<!doctype html><title>Not found</title>", HTML_TYPE)
    return text_response(200, page, HTML_TYPE)


API_ROUTES: list[tuple[str, Callable[[ApiRequest], Response]]] = [
    ("/api/handles/", serve_handle),
    ("/ra/", serve_ra),
    ("/works/", serve_crossref_work),
    ("/dois/", serve_datacite_doi),
    ("/pages/", serve_page),
]


def route_api(registry: Registry, base_url: str, path: str, query: str) -> Response:
    params = parse_qs(query)
    if path == "/search":
        return serve_europepmc_search(ApiRequest(registry, base_url, "", params))
    if re.fullmatch(r"/PMC\w+/fullTextXML", path, re.IGNORECASE):
        return serve_europepmc_fulltext(ApiRequest(registry, base_url, path[1:], params))
    for prefix, serve in API_ROUTES:
        if path.startswith(prefix):
            return serve(ApiRequest(registry, base_url, path[len(prefix):], params))
    return text_response(404, "Not found")


# ---------------------------------------------------------------------------
# Fault injection and statistics (shared by all handler threads)
# ---------------------------------------------------------------------------

FAULT_KINDS = {"latency", "status", "reset", "stall", "malformed", "oversized", "redirect", "body"}
REQUIRED_PARAMS = {"latency": "ms", "status": "status", "stall": "ms", "oversized": "bytes",
                   "body": "body"}


@dataclass
class FaultRule:
    fault: str
    path_prefix: str = ""
    count: int | None = None  # requests it still applies to; None: unlimited
    ms: int = 0
    status: int = 0
    retry_after: str | None = None
    bytes: int = 0
    chunked: bool = False  # oversized only: no Content-Length, chunked encoding
    location: str | None = None  # redirect only; None: the request's own URL (an endless loop)
    body: str | None = None  # body only: the answer's body, verbatim (JSON in, typically)

    @classmethod
    def from_json(cls, obj: Any) -> FaultRule:
        if not isinstance(obj, dict):
            raise ValueError("each rule must be a JSON object")
        try:
            rule = cls(**obj)
        except TypeError as error:
            raise ValueError(f"bad rule {obj}: {error}") from None
        if rule.fault not in FAULT_KINDS:
            raise ValueError(f"unknown fault {rule.fault!r}; known: {sorted(FAULT_KINDS)}")
        required = REQUIRED_PARAMS.get(rule.fault)
        if required and required not in obj:
            raise ValueError(f"fault {rule.fault!r} needs {required!r}")
        numbers = {"ms": rule.ms, "status": rule.status, "bytes": rule.bytes,
                   "count": 0 if rule.count is None else rule.count}
        for name, value in numbers.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name!r} must be a non-negative integer")
        if rule.fault == "redirect":
            if rule.status not in (0, 301, 302, 303, 307, 308):
                raise ValueError("a redirect's 'status' must be 301, 302, 303, 307 or 308")
            if rule.location is not None and not isinstance(rule.location, str):
                raise ValueError("'location' must be a string")
        if rule.fault == "body" and not isinstance(rule.body, str):
            raise ValueError("'body' must be a string")
        return rule

    def applies_to(self, path: str) -> bool:
        return path.startswith(self.path_prefix) and (self.count is None or self.count > 0)

    def consume(self) -> None:
        if self.count is not None:
            self.count -= 1


class FaultInjector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []

    def set_rules(self, rules: list[FaultRule]) -> None:
        with self._lock:
            self._rules = rules

    def plan(self, path: str) -> tuple[int, FaultRule | None]:
        """Extra latency in ms, and the first other fault that applies to path.

        Every applicable latency rule adds up and combines with the chosen
        fault; only rules that actually apply use up their count.
        """
        latency_ms, chosen = 0, None
        with self._lock:
            for rule in self._rules:
                if not rule.applies_to(path):
                    continue
                if rule.fault == "latency":
                    latency_ms += rule.ms
                    rule.consume()
                elif chosen is None:
                    chosen = rule
                    rule.consume()
        return latency_ms, chosen


class Stats:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_flight = 0
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._total = 0
            self._connections = 0
            self._per_path: dict[str, int] = {}
            self._user_agents: list[str] = []
            self._queries: list[str] = []
            # Requests still running stay counted, so begin/end keep balancing.
            self._max_in_flight = self._in_flight

    def begin(self, path: str, query: str, user_agent: str | None) -> None:
        with self._lock:
            self._total += 1
            self._per_path[path] = self._per_path.get(path, 0) + 1
            if user_agent is not None and user_agent not in self._user_agents:
                self._user_agents.append(user_agent)
            if query:
                self._queries.append(query)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)

    def end(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def connected(self) -> None:
        with self._lock:
            self._connections += 1

    def disconnected(self) -> None:
        with self._lock:
            self._connections -= 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"total": self._total, "connections": self._connections, "per_path": dict(self._per_path),
                    "max_in_flight": self._max_in_flight, "in_flight": self._in_flight,
                    "user_agents": list(self._user_agents), "queries": list(self._queries)}


# ---------------------------------------------------------------------------
# HTTP plumbing
# ---------------------------------------------------------------------------

class RegistryServer(ThreadingHTTPServer):
    daemon_threads = True  # stalled handlers must not keep the process alive

    def __init__(self, port: int, registry: Registry, latency_ms: int = 0,
                 verbose: bool = False, host: str = HOST) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"--bind {host}: only loopback addresses (127.0.0.0/8, ::1)")
        self.host = host
        if ipaddress.ip_address(host).version == 6:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), RegistryHandler)
        self.registry = registry
        self.latency_ms = latency_ms
        self.verbose = verbose
        self.faults = FaultInjector()
        self.stats = Stats()
        self.stopping = threading.Event()  # wakes handlers sleeping in latency/stall

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn(): a DNS lookup we never want.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def process_request(self, request: Any, client_address: Any) -> None:
        self.stats.connected()  # every accepted connection, whether or not it sends a request
        super().process_request(request, client_address)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


class RegistryHandler(BaseHTTPRequestHandler):
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus delayed ACKs
    # add ~40 ms to every keep-alive request and swamp the injected latency.
    disable_nagle_algorithm = True
    server: RegistryServer
    protocol_version = "HTTP/1.1"  # keep-alive; every response has a Content-Length
    timeout = 60  # idle keep-alive connections give their thread back eventually

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def setup(self) -> None:
        super().setup()
        self.first_request = True

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        body = self._read_body()
        if self.first_request and path.startswith(CONTROL_PREFIX):
            self.server.stats.disconnected()  # a test's own control connection is not a client's
        self.first_request = False
        try:
            if path.startswith(CONTROL_PREFIX):
                self._send(self._control(path, body))
            else:
                self._serve_counted(path, url.query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away mid-response

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    # -- control --------------------------------------------------------------

    def _control(self, path: str, body: bytes) -> Response:
        action = (self.command, path[len(CONTROL_PREFIX):])
        if action == ("GET", "stats"):
            return json_response(200, self.server.stats.snapshot())
        if action == ("POST", "reset"):
            self.server.faults.set_rules([])
            self.server.stats.clear()
            return json_response(200, {"ok": True})
        if action == ("POST", "faults"):
            try:
                rules = [FaultRule.from_json(rule) for rule in json.loads(body)["rules"]]
            except (ValueError, KeyError, TypeError) as error:
                return json_response(400, {"error": f"bad fault rules: {error}"})
            self.server.faults.set_rules(rules)
            return json_response(200, {"ok": True, "rules": len(rules)})
        return json_response(404, {"error": f"no control endpoint {self.command} {path}"})

    # -- public API ----------------------------------------------------------

    def _serve_counted(self, path: str, query: str) -> None:
        self.server.stats.begin(path, query, self.headers.get("User-Agent"))
        self._counted = True
        try:
            self._serve_api(path, query)
        finally:
            self._end_counting()

    def _end_counting(self) -> None:
        """The request stops counting as in flight once, just before its body is written: a client
        that sends its next request on receiving this body must never find this one still in
        flight."""
        if getattr(self, "_counted", False):
            self._counted = False
            self.server.stats.end()

    def _serve_api(self, path: str, query: str) -> None:
        if self.command != "GET":
            self._send(text_response(405, "Method not allowed", headers={"Allow": "GET"}))
            return
        extra_latency_ms, fault = self.server.faults.plan(path)
        self._pause(self.server.latency_ms + extra_latency_ms)
        response = route_api(self.server.registry, self.server.base_url, path, query)
        if fault is None:
            self._send(response)
        elif fault.fault == "status":
            self._send_status_fault(fault)
        elif fault.fault == "reset":
            self._reset_connection()
        elif fault.fault == "stall":
            self._send_stalled(response, fault.ms)
        elif fault.fault == "malformed":
            self._send(Response(200, b'{"status":"ok","message":{"DOI":"10.'))
        elif fault.fault == "oversized":
            self._send_oversized(fault.bytes, fault.chunked)
        elif fault.fault == "redirect":
            self._send_redirect(fault)
        elif fault.fault == "body":
            self._send(Response(fault.status or 200, fault.body.encode("utf-8")))

    def _pause(self, ms: int) -> None:
        if ms > 0:
            self.server.stopping.wait(ms / 1000)

    def _send_status_fault(self, fault: FaultRule) -> None:
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        self._send(text_response(fault.status, f"Injected fault: HTTP {fault.status}",
                                 headers=headers))

    def _send_redirect(self, fault: FaultRule) -> None:
        # Without a location, back to the very URL asked for (query included): a loop that only
        # a client's redirect limit ends.
        location = fault.location if fault.location is not None else self.server.base_url + self.path
        self._send(text_response(fault.status or 302, f"Injected fault: redirect to {location}",
                                 headers={"Location": location}))

    def _reset_connection(self) -> None:
        # Linger on with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _send_stalled(self, response: Response, ms: int) -> None:
        self._send_head(response.status, response.content_type,
                        {**response.headers, "Content-Length": str(len(response.body))})
        self.wfile.flush()
        self._pause(ms)
        self.wfile.write(response.body)

    def _send_oversized(self, size: int, chunked: bool) -> None:
        length_header = ({"Transfer-Encoding": "chunked"} if chunked
                         else {"Content-Length": str(size)})
        self._send_head(200, JSON_TYPE, length_header)
        remaining = size
        while remaining > 0:
            chunk = b" " * min(STREAM_CHUNK, remaining)
            remaining -= len(chunk)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    # -- writing ---------------------------------------------------------------

    def _send(self, response: Response) -> None:
        headers = {**response.headers, "Content-Length": str(len(response.body))}
        self._send_head(response.status, response.content_type, headers)
        self._end_counting()
        self.wfile.write(response.body)

    def _send_head(self, status: int, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--bind", default=HOST, help="a loopback address to listen on (default 127.0.0.1)")
    parser.add_argument("--data", required=True, help="JSON data file (see README.md)")
    parser.add_argument("--recorded", help="a folder of real recorded answers to serve as they are "
                        "(crossref-works/, datacite-dois/: the layout of registry-samples)")
    parser.add_argument("--port-file", help="also write the bound port to this file")
    parser.add_argument("--latency-ms", type=int, default=0,
                        help="latency added to every non-control request")
    parser.add_argument("--max-seconds", type=float, default=600,
                        help="stop by itself after this long, so a stray server never lingers")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    return parser.parse_args(argv)


def write_port_file(path: str, port: int) -> None:
    # Write then rename, so a polling reader never sees a half-written file.
    temporary = f"{path}.tmp"
    Path(temporary).write_text(f"{port}\n", encoding="ascii")
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        recorded = RecordedAnswers(args.recorded) if args.recorded else None
        server = RegistryServer(args.port, Registry.load(args.data, recorded), args.latency_ms,
                                args.verbose, args.bind)
    except ValueError as error:
        print(f"registry_server: {error}", file=sys.stderr)
        return 2
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: server.stopping.set())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if args.port_file:
        write_port_file(args.port_file, server.port)
    print(f"READY {server.port}", flush=True)
    if not server.stopping.wait(args.max_seconds):
        print(f"registry_server: stopping after --max-seconds {args.max_seconds:g}",
              file=sys.stderr)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
