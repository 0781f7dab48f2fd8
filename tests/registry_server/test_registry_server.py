"""Self-test for registry_server.py: every endpoint and fault, over real HTTP.

Run from the repository root:
    /usr/bin/python3 -m unittest tests/registry_server/test_registry_server.py -v
"""

from __future__ import annotations

import errno
import http.client
import json
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import registry_server  # noqa: E402  (needs the path set above)

DATA = HERE / "data" / "sample.json"
BMC_DOI = "10.1186/s12891-018-2230-4"
MSM_DOI = "10.12659/MSM.919166"
RETRACTED_DOI = "10.5555/reflint-test.retracted-1"
NOTICE_DOI = "10.5555/reflint-test.retraction-notice-1"
DATASET_DOI = "10.5281/zenodo.reflint-test-1"
UNKNOWN_DOI = "10.5555/reflint-test.does-not-exist"
OPEN_ACCESS_DOI = "10.5555/reflint-test.open-access-1"


class Reply:
    """Status, headers and body of one HTTP exchange, error statuses included."""

    def __init__(self, status: int, headers: Any, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)


def start_server(latency_ms: int = 0) -> tuple[registry_server.RegistryServer, threading.Thread]:
    server = registry_server.RegistryServer(0, registry_server.Registry.load(DATA), latency_ms)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


class ServerTestCase(unittest.TestCase):
    server: registry_server.RegistryServer
    thread: threading.Thread

    @classmethod
    def setUpClass(cls) -> None:
        cls.server, cls.thread = start_server()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()
        cls.thread.join(timeout=5)

    def setUp(self) -> None:
        self.control("reset")

    def url(self, path: str) -> str:
        return f"{self.server.base_url}{path}"

    def get(self, path: str, headers: dict[str, str] | None = None,
            timeout: float = 10) -> Reply:
        request = urllib.request.Request(self.url(path), headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.headers, error.read())

    def control(self, name: str, payload: Any = None) -> Reply:
        if name == "stats":
            return self.get("/_control/stats")
        data = b"" if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.url(f"/_control/{name}"), data=data,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.headers, error.read())

    def set_faults(self, *rules: dict[str, Any]) -> None:
        reply = self.control("faults", {"rules": list(rules)})
        self.assertEqual(reply.status, 200, reply.body)

    def stats(self) -> dict[str, Any]:
        return self.control("stats").json()


class BindAndConnectionsTest(ServerTestCase):
    def test_only_loopback_addresses_are_bound(self) -> None:
        for address in ("10.0.0.1", "192.168.1.1", "0.0.0.0", "::"):
            with self.assertRaises(ValueError):
                registry_server.RegistryServer(0, registry_server.Registry.load(DATA), host=address)

    def test_another_loopback_address_serves_and_names_itself(self) -> None:
        server = registry_server.RegistryServer(0, registry_server.Registry.load(DATA), host="127.0.0.2")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            self.assertTrue(server.base_url.startswith("http://127.0.0.2:"))
            with urllib.request.urlopen(f"{server.base_url}/ra/10.1186", timeout=10) as response:
                self.assertEqual(response.status, 200)
        finally:
            server.stop()
            thread.join(timeout=5)

    def test_connections_count_clients_but_not_control_requests(self) -> None:
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5):
            pass  # a connection that sends nothing still counts
        self.get("/ra/10.1186")
        deadline = time.monotonic() + 5
        while self.stats()["connections"] < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(self.stats()["connections"], 2)


class HandleApiTest(ServerTestCase):
    def test_known_doi_percent_encoded_and_case_insensitive(self) -> None:
        reply = self.get("/api/handles/" + quote(MSM_DOI.lower(), safe=""))
        self.assertEqual(reply.status, 200)
        record = reply.json()
        self.assertEqual(record["responseCode"], 1)
        self.assertEqual(record["handle"], MSM_DOI)
        value = record["values"][0]
        self.assertEqual((value["index"], value["type"], value["data"]["format"]),
                         (1, "URL", "string"))
        self.assertTrue(value["data"]["value"].startswith("https://"))
        self.assertEqual(value["ttl"], 86400)
        self.assertIn("timestamp", value)

    def test_fictional_doi_resolves_to_this_server(self) -> None:
        value = self.get(f"/api/handles/{RETRACTED_DOI}").json()["values"][0]
        self.assertEqual(value["data"]["value"],
                         self.url("/pages/reflint-test.retracted-1"))

    def test_unknown_doi(self) -> None:
        reply = self.get(f"/api/handles/{UNKNOWN_DOI}")
        self.assertEqual(reply.status, 404)
        self.assertEqual(reply.json(), {"responseCode": 100, "handle": UNKNOWN_DOI})


class RegistrationAgencyTest(ServerTestCase):
    def test_prefix_doi_and_unknown(self) -> None:
        self.assertEqual(self.get("/ra/10.1186").json(), [{"DOI": "10.1186", "RA": "Crossref"}])
        self.assertEqual(self.get(f"/ra/{DATASET_DOI}").json(),
                         [{"DOI": DATASET_DOI, "RA": "DataCite"}])
        self.assertEqual(self.get(f"/ra/{UNKNOWN_DOI}").json(),
                         [{"DOI": UNKNOWN_DOI, "status": "DOI does not exist"}])

    def test_comma_separated_list(self) -> None:
        answers = self.get(f"/ra/{BMC_DOI},{UNKNOWN_DOI}").json()
        self.assertEqual([answer.get("RA") for answer in answers], ["Crossref", None])


class CrossrefTest(ServerTestCase):
    def test_work_envelope_fields_and_headers(self) -> None:
        reply = self.get(f"/works/{quote(BMC_DOI, safe='')}?mailto=tests%40example.org")
        self.assertEqual(reply.status, 200)
        self.assertEqual(reply.headers["X-Rate-Limit-Limit"], "50")
        self.assertEqual(reply.headers["X-Rate-Limit-Interval"], "1s")
        envelope = reply.json()
        self.assertEqual((envelope["status"], envelope["message-type"],
                          envelope["message-version"]), ("ok", "work", "1.0.0"))
        work = envelope["message"]
        self.assertEqual(work["DOI"], BMC_DOI)
        self.assertEqual(work["title"], ["Individuals with mild-to-moderate hip osteoarthritis "
                                         "have lower limb muscle strength and volume deficits"])
        self.assertEqual([author["family"] for author in work["author"]],
                         ["Loureiro", "Constantinou", "Diamond", "Beck", "Barrett"])
        self.assertEqual(work["author"][0]["sequence"], "first")
        self.assertEqual(work["container-title"], ["BMC Musculoskeletal Disorders"])
        self.assertEqual(work["short-container-title"], ["BMC Musculoskelet Disord"])
        self.assertEqual(work["issued"], {"date-parts": [[2018, 8, 21]]})
        self.assertEqual(work["published-online"], {"date-parts": [[2018, 8, 21]]})
        self.assertEqual((work["volume"], work["issue"], work["article-number"]),
                         ("19", "1", "303"))
        self.assertTrue(work["abstract"].startswith("<jats:title>Abstract</jats:title><jats:sec>"))
        self.assertIn("<jats:p>Atrophic, bilateral hip", work["abstract"])

    def test_doi_is_lower_cased_like_crossref(self) -> None:
        work = self.get(f"/works/{MSM_DOI}").json()["message"]
        self.assertEqual(work["DOI"], MSM_DOI.lower())
        self.assertEqual(work["author"][1]["family"], "Orsçelik")

    def test_retracted_work_and_its_notice(self) -> None:
        retracted = self.get(f"/works/{RETRACTED_DOI}").json()["message"]
        sources = {update["source"] for update in retracted["updated-by"]}
        self.assertEqual(sources, {"publisher", "retraction-watch"})
        watch = next(u for u in retracted["updated-by"] if u["source"] == "retraction-watch")
        self.assertEqual((watch["type"], watch["label"], watch["DOI"]),
                         ("retraction", "Retraction", NOTICE_DOI))
        self.assertIsInstance(watch["record-id"], int)
        self.assertEqual(watch["updated"]["date-parts"], [[2023, 3, 1]])
        notice = self.get(f"/works/{NOTICE_DOI}").json()["message"]
        self.assertEqual(notice["update-to"][0]["DOI"], RETRACTED_DOI)
        self.assertNotIn("updated-by", notice)

    def test_unknown_and_datacite_dois_are_not_found(self) -> None:
        for doi in (UNKNOWN_DOI, DATASET_DOI):
            reply = self.get(f"/works/{doi}")
            self.assertEqual(reply.status, 404)
            self.assertEqual(reply.body, b"Resource not found.")
            self.assertTrue(reply.headers["Content-Type"].startswith("text/plain"))


class DataCiteTest(ServerTestCase):
    def test_known_doi(self) -> None:
        data = self.get(f"/dois/{DATASET_DOI.upper()}").json()["data"]
        self.assertEqual((data["id"], data["type"]), (DATASET_DOI, "dois"))
        attributes = data["attributes"]
        self.assertEqual(attributes["doi"], DATASET_DOI)
        self.assertTrue(attributes["titles"][0]["title"].startswith("[TEST RECORD"))
        self.assertEqual(attributes["creators"][0]["name"], "Testauthor, Alex")
        self.assertEqual(attributes["creators"][0]["givenName"], "Alex")
        self.assertEqual(attributes["publicationYear"], 2020)
        self.assertEqual(attributes["publisher"], "Zenodo")
        self.assertEqual(attributes["descriptions"][0]["descriptionType"], "Abstract")
        self.assertIn("container", attributes)

    def test_unknown_doi(self) -> None:
        reply = self.get(f"/dois/{BMC_DOI}")
        self.assertEqual(reply.status, 404)
        self.assertEqual(reply.json()["errors"][0]["status"], "404")


class EuropePmcTest(ServerTestCase):
    def search(self, query: str, result_type: str = "core", fmt: str = "json") -> Reply:
        return self.get(f"/search?query={quote(query)}&resultType={result_type}&format={fmt}")

    def test_core_hit(self) -> None:
        found = self.search(f'DOI:"{MSM_DOI.lower()}"').json()
        self.assertEqual(found["hitCount"], 1)
        result = found["resultList"]["result"][0]
        self.assertEqual(result["doi"], MSM_DOI)
        self.assertEqual(result["authorString"], "Gül D, Orsçelik A, Akpancar S.")
        self.assertEqual(result["pubYear"], "2020")
        self.assertTrue(result["title"].endswith("Control."))
        self.assertTrue(result["journalInfo"]["journal"]["title"].startswith(
            "Medical science monitor"))
        self.assertTrue(result["abstractText"].startswith("<h4>Background</h4>Osteoarthritis"))

    def test_lite_has_no_abstract(self) -> None:
        result = self.search(f"DOI:{BMC_DOI}", "lite").json()["resultList"]["result"][0]
        self.assertEqual(result["authorString"],
                         "Loureiro A, Constantinou M, Diamond LE, Beck B, Barrett R.")
        self.assertNotIn("abstractText", result)

    def test_no_hit(self) -> None:
        for query in (f'DOI:"{UNKNOWN_DOI}"', f'DOI:"{RETRACTED_DOI}"', "hip osteoarthritis"):
            found = self.search(query).json()
            self.assertEqual((found["hitCount"], found["resultList"]), (0, {"result": []}))

    def test_only_json_format(self) -> None:
        self.assertEqual(self.search(f'DOI:"{BMC_DOI}"', fmt="xml").status, 400)

    def test_title_phrase_search(self) -> None:
        # Case, punctuation and spacing do not matter; the phrase must be in the title.
        found = self.search('TITLE:"a 12-month prospective exploratory study of muscle"').json()
        self.assertEqual(found["hitCount"], 1)
        self.assertEqual(found["resultList"]["result"][0]["pmcid"], "PMC6570923")
        self.assertEqual(self.search('TITLE:"muscle prospective 12-month"').json()["hitCount"], 0)

    def test_open_access_full_text(self) -> None:
        result = self.search(f'DOI:"{OPEN_ACCESS_DOI}"').json()["resultList"]["result"][0]
        self.assertEqual((result["isOpenAccess"], result["inEPMC"]), ("Y", "Y"))
        self.assertEqual(result["fullTextIdList"], {"fullTextId": ["PMC9990001"]})
        reply = self.get("/PMC9990001/fullTextXML")
        self.assertEqual(reply.status, 200)
        self.assertTrue(reply.headers["Content-Type"].startswith("application/xml"))
        self.assertIn(b"<body><sec><title>Introduction</title><p>Walking is", reply.body)
        closed = self.search(f'DOI:"{BMC_DOI}"').json()["resultList"]["result"][0]
        self.assertEqual(closed["isOpenAccess"], "N")
        self.assertNotIn("fullTextIdList", closed)
        self.assertEqual(self.get("/PMC6103991/fullTextXML").status, 404)


class PagesAndRoutingTest(ServerTestCase):
    def test_page(self) -> None:
        reply = self.get("/pages/reflint-test.dataset-1")
        self.assertEqual(reply.status, 200)
        self.assertTrue(reply.headers["Content-Type"].startswith("text/html"))
        self.assertIn(b'content="10.5281/zenodo.reflint-test-1"', reply.body)
        self.assertEqual(self.get("/pages/no-such-page").status, 404)

    def test_unknown_route_and_method(self) -> None:
        self.assertEqual(self.get("/nothing/here").status, 404)
        request = urllib.request.Request(self.url(f"/works/{BMC_DOI}"), data=b"{}")
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
        caught.exception.close()
        self.assertEqual(caught.exception.code, 405)

    def test_binds_loopback_only(self) -> None:
        self.assertEqual(self.server.server_address[0], "127.0.0.1")

    def test_keep_alive_with_content_length(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            for path in (f"/works/{BMC_DOI}", f"/works/{UNKNOWN_DOI}", f"/dois/{DATASET_DOI}"):
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                self.assertEqual(int(response.headers["Content-Length"]), len(body))
                self.assertFalse(response.will_close)
            self.assertEqual(self.stats()["total"], 3)
        finally:
            connection.close()


class FaultTest(ServerTestCase):
    def test_latency_only_on_matching_prefix(self) -> None:
        # The bound for "not delayed" leaves a wide margin: the suite may share a busy machine.
        self.set_faults({"path_prefix": "/works/", "fault": "latency", "ms": 1500})
        started = time.monotonic()
        self.assertEqual(self.get(f"/works/{BMC_DOI}").status, 200)
        self.assertGreaterEqual(time.monotonic() - started, 1.5)
        started = time.monotonic()
        self.assertEqual(self.get(f"/ra/{BMC_DOI}").status, 200)
        self.assertLess(time.monotonic() - started, 1.0)

    def test_status_with_retry_after_then_count_runs_out(self) -> None:
        self.set_faults({"fault": "status", "status": 429, "retry_after": "1", "count": 2})
        for _ in range(2):
            reply = self.get(f"/works/{BMC_DOI}")
            self.assertEqual(reply.status, 429)
            self.assertEqual(reply.headers["Retry-After"], "1")
        self.assertEqual(self.get(f"/works/{BMC_DOI}").status, 200)
        self.assertEqual(self.stats()["per_path"][f"/works/{BMC_DOI}"], 3)

    def test_first_matching_fault_wins_and_latency_combines(self) -> None:
        self.set_faults({"fault": "latency", "ms": 200},
                        {"path_prefix": "/dois/", "fault": "status", "status": 503, "count": 1},
                        {"fault": "status", "status": 500, "count": 1})
        started = time.monotonic()
        self.assertEqual(self.get(f"/dois/{DATASET_DOI}").status, 503)
        self.assertGreaterEqual(time.monotonic() - started, 0.2)
        self.assertEqual(self.get(f"/dois/{DATASET_DOI}").status, 500)
        self.assertEqual(self.get(f"/dois/{DATASET_DOI}").status, 200)

    def test_reset_sends_rst(self) -> None:
        self.set_faults({"fault": "reset", "count": 1})
        with self.assertRaises(ConnectionResetError) as caught:
            self.get(f"/works/{BMC_DOI}")
        # A real RST gives ECONNRESET; a plain close would be RemoteDisconnected.
        self.assertEqual(caught.exception.errno, errno.ECONNRESET)
        self.assertEqual(self.get(f"/works/{BMC_DOI}").status, 200)

    def test_stall_times_out_the_body(self) -> None:
        self.set_faults({"fault": "stall", "ms": 8000, "count": 1})
        request = urllib.request.Request(self.url(f"/works/{BMC_DOI}"))
        with urllib.request.urlopen(request, timeout=2) as response:
            self.assertEqual(response.status, 200)  # headers arrive at once
            with self.assertRaises(TimeoutError):
                response.read()

    def test_short_stall_then_body(self) -> None:
        self.set_faults({"fault": "stall", "ms": 200})
        started = time.monotonic()
        reply = self.get(f"/works/{BMC_DOI}")
        self.assertGreaterEqual(time.monotonic() - started, 0.2)
        self.assertEqual(reply.json()["message"]["DOI"], BMC_DOI)

    def test_malformed(self) -> None:
        self.set_faults({"fault": "malformed"})
        reply = self.get(f"/works/{BMC_DOI}")
        self.assertEqual(reply.status, 200)
        with self.assertRaises(json.JSONDecodeError):
            reply.json()

    def test_oversized_with_content_length(self) -> None:
        self.set_faults({"fault": "oversized", "bytes": 3_000_000})
        reply = self.get(f"/works/{BMC_DOI}")
        self.assertEqual(int(reply.headers["Content-Length"]), 3_000_000)
        self.assertEqual(len(reply.body), 3_000_000)

    def test_oversized_chunked(self) -> None:
        self.set_faults({"fault": "oversized", "bytes": 200_000, "chunked": True})
        reply = self.get(f"/works/{BMC_DOI}")
        self.assertEqual(reply.headers["Transfer-Encoding"], "chunked")
        self.assertIsNone(reply.headers["Content-Length"])
        self.assertEqual(len(reply.body), 200_000)

    def test_client_abandoning_oversized_body_does_not_hurt_server(self) -> None:
        self.set_faults({"fault": "oversized", "bytes": 20_000_000, "count": 1})
        with urllib.request.urlopen(self.url(f"/works/{BMC_DOI}"), timeout=10) as response:
            self.assertEqual(len(response.read(100_000)), 100_000)
        self.assertEqual(self.get(f"/works/{BMC_DOI}").status, 200)

    def raw_get(self, path: str) -> tuple[int, Any, bytes]:
        """One exchange, redirects not followed."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def test_redirect_to_itself_is_an_endless_loop(self) -> None:
        self.set_faults({"fault": "redirect", "path_prefix": "/works/"})
        path = f"/works/{BMC_DOI}?mailto=tests@example.org"
        for _ in range(3):  # following it leads back to the same URL, every time
            status, headers, body = self.raw_get(path)
            self.assertEqual(status, 302)
            self.assertEqual(headers["Location"], self.url(path))
            self.assertEqual(int(headers["Content-Length"]), len(body))
        self.assertEqual(self.stats()["per_path"][f"/works/{BMC_DOI}"], 3)
        self.assertEqual(self.raw_get(f"/dois/{DATASET_DOI}")[0], 200)  # other paths unaffected

    def test_redirect_to_a_given_location_with_status_and_count(self) -> None:
        self.set_faults({"fault": "redirect", "status": 301, "location": "file:///etc/passwd",
                         "count": 1})
        status, headers, _ = self.raw_get(f"/works/{BMC_DOI}")
        self.assertEqual(status, 301)
        self.assertEqual(headers["Location"], "file:///etc/passwd")
        self.assertEqual(self.raw_get(f"/works/{BMC_DOI}")[0], 200)

    def test_body_is_sent_verbatim_as_json(self) -> None:
        odd = '{"data":{"attributes":{"container":null,"titles":[{"title":null}]}}}'
        self.set_faults({"fault": "body", "body": odd, "path_prefix": "/dois/", "count": 1},
                        {"fault": "body", "body": "[]", "status": 404, "path_prefix": "/works/"})
        reply = self.get(f"/dois/{DATASET_DOI}")
        self.assertEqual((reply.status, reply.body.decode()), (200, odd))
        self.assertEqual(reply.headers["Content-Type"], "application/json")
        self.assertEqual(self.get(f"/dois/{DATASET_DOI}").json()["data"]["id"], DATASET_DOI)
        self.assertEqual((self.get(f"/works/{BMC_DOI}").status, self.get(f"/works/{BMC_DOI}").body),
                         (404, b"[]"))

    def test_bad_rules_are_rejected(self) -> None:
        for rules in ([{"fault": "explode"}], [{"fault": "latency"}],
                      [{"fault": "status", "status": "429"}], [{"fault": "reset", "when": 1}],
                      [{"fault": "redirect", "status": 200}], [{"fault": "redirect", "location": 5}],
                      [{"fault": "body"}], [{"fault": "body", "body": {"data": None}}]):
            with self.subTest(rules=rules):
                self.assertEqual(self.control("faults", {"rules": rules}).status, 400)
        self.assertEqual(self.control("faults", {"no_rules": []}).status, 400)

    def test_reset_clears_faults_and_counters(self) -> None:
        self.set_faults({"fault": "status", "status": 503})
        self.assertEqual(self.get(f"/works/{BMC_DOI}").status, 503)
        self.control("reset")
        self.assertEqual(self.stats()["total"], 0)
        self.assertEqual(self.get(f"/works/{BMC_DOI}").status, 200)


class StatsTest(ServerTestCase):
    def test_counts_paths_agents_and_queries_but_not_control(self) -> None:
        agent = "reflint-test/1.0 (mailto:tests@example.org)"
        self.get(f"/works/{quote(BMC_DOI, safe='')}?mailto=tests%40example.org",
                 {"User-Agent": agent})
        self.get(f"/works/{BMC_DOI}", {"User-Agent": agent})
        self.get(f"/api/handles/{MSM_DOI}", {"User-Agent": "other"})
        self.control("faults", {"rules": []})
        stats = self.stats()
        self.assertEqual(stats["total"], 3)
        self.assertEqual(stats["per_path"], {f"/works/{BMC_DOI}": 2,
                                             f"/api/handles/{MSM_DOI}": 1})
        self.assertEqual(stats["user_agents"], [agent, "other"])
        self.assertEqual(stats["queries"], ["mailto=tests%40example.org"])
        self.assertEqual((stats["in_flight"], stats["max_in_flight"]), (0, 1))

    def test_max_in_flight_with_parallel_requests(self) -> None:
        parallel = 6
        self.set_faults({"fault": "latency", "ms": 500})
        barrier = threading.Barrier(parallel)

        def fetch(_: int) -> int:
            barrier.wait()
            return self.get(f"/works/{BMC_DOI}").status

        with ThreadPoolExecutor(parallel) as pool:
            statuses = list(pool.map(fetch, range(parallel)))
        self.assertEqual(statuses, [200] * parallel)
        stats = self.stats()
        self.assertEqual((stats["max_in_flight"], stats["in_flight"]), (parallel, 0))
        self.assertEqual(stats["total"], parallel)

    def test_sequential_requests_never_overlap(self) -> None:
        self.set_faults({"fault": "latency", "ms": 50})
        for _ in range(3):
            self.get(f"/works/{BMC_DOI}")
        self.assertEqual(self.stats()["max_in_flight"], 1)


class RecordedAnswersTest(unittest.TestCase):
    """--recorded: real answers served byte for byte, their DOIs known to /ra/ and the handle API."""

    def test_recorded_answers_are_served_as_they_are(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            (folder / "crossref-works").mkdir()
            (folder / "datacite-dois").mkdir()
            work = b'{"status":"ok","message-type":"work","message":{"DOI":"10.5555/Recorded.1","title":["T"]}}'
            (folder / "crossref-works" / "10.5555_recorded.1.json").write_bytes(work)
            (folder / "crossref-works" / "a-list.json").write_bytes(b'{"message-type":"work-list","message":{}}')
            record = b'{"data":{"id":"10.5281/recorded.2","attributes":{"titles":[{"title":"D"}]}}}'
            (folder / "datacite-dois" / "10.5281_recorded.2.json").write_bytes(record)
            registry = registry_server.Registry.load(DATA, registry_server.RecordedAnswers(folder))
            server = registry_server.RegistryServer(0, registry)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                def fetch(path: str) -> tuple[int, bytes]:
                    try:
                        with urllib.request.urlopen(f"{server.base_url}{path}", timeout=10) as response:
                            return response.status, response.read()
                    except urllib.error.HTTPError as error:
                        with error:
                            return error.code, error.read()
                self.assertEqual(fetch("/works/10.5555/recorded.1"), (200, work))
                self.assertEqual(fetch("/dois/10.5281%2Frecorded.2"), (200, record))
                self.assertEqual(fetch("/works/10.5281/recorded.2")[0], 404)
                ra = json.loads(fetch("/ra/10.5281")[1])
                self.assertEqual(ra, [{"DOI": "10.5281", "RA": "DataCite"}])
                self.assertEqual(json.loads(fetch("/api/handles/10.5555/recorded.1")[1])["responseCode"], 1)
                # The data file's works are still served.
                self.assertEqual(fetch(f"/works/{BMC_DOI}")[0], 200)
            finally:
                server.stop()
                thread.join(timeout=5)

    def test_a_folder_without_records_is_an_error(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            with self.assertRaises(ValueError):
                registry_server.RecordedAnswers(directory)


class DefaultLatencyTest(unittest.TestCase):
    def test_latency_ms_applies_to_api_but_not_control(self) -> None:
        server, thread = start_server(latency_ms=1500)
        try:
            started = time.monotonic()
            urllib.request.urlopen(f"{server.base_url}/ra/10.1186", timeout=10).close()
            self.assertGreaterEqual(time.monotonic() - started, 1.5)
            started = time.monotonic()
            urllib.request.urlopen(f"{server.base_url}/_control/stats", timeout=10).close()
            self.assertLess(time.monotonic() - started, 1.0)
        finally:
            server.stop()
            thread.join(timeout=5)


class CommandLineTest(unittest.TestCase):
    def launch(self, *extra: str) -> subprocess.Popen[str]:
        command = [sys.executable, str(HERE / "registry_server.py"),
                   "--port", "0", "--data", str(DATA), *extra]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        self.addCleanup(self.reap, process)
        return process

    @staticmethod
    def reap(process: subprocess.Popen[str]) -> None:
        if process.poll() is None:
            process.kill()
        process.communicate()

    def test_ready_port_file_and_sigterm(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            port_file = Path(directory) / "port"
            process = self.launch("--port-file", str(port_file))
            ready = process.stdout.readline().split()
            self.assertEqual(ready[0], "READY")
            port = int(ready[1])
            self.assertEqual(int(port_file.read_text()), port)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/works/{BMC_DOI}",
                                        timeout=10) as response:
                self.assertEqual(json.load(response)["message"]["DOI"], BMC_DOI)
            process.send_signal(signal.SIGTERM)
            self.assertEqual(process.wait(timeout=10), 0)

    def test_stops_by_itself_after_max_seconds(self) -> None:
        process = self.launch("--max-seconds", "0.5")
        self.assertTrue(process.stdout.readline().startswith("READY "))
        self.assertEqual(process.wait(timeout=10), 0)
        self.assertIn("max-seconds", process.stderr.read())


if __name__ == "__main__":
    unittest.main()
