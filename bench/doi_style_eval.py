#!/usr/bin/env python3
"""doi-metadata-mismatch against real registry records and real citation styles.

Every Crossref work and DataCite record of registry-samples becomes a CSL item; pandoc (--citeproc,
the CSL styles of Debian's citation-style-language-styles) formats the items in each style into a
reference list, and reflint lints two pages per style against the loopback registry serving the
recorded answers as they are:
  - "own": each entry carries its own DOI; any finding is a false alarm (precision);
  - "swapped": each entry carries the DOI of another record, of the same first author where the
    samples have one, else of a record drawn with the seed; each entry without a finding is a miss
    (recall). Same-author swaps are counted apart.
The saved real pages of registry-samples/pages are linted against the same answers too, and their
findings printed, to be judged one by one.
A style that prints no DOI gets a doi.org link after the entry; one that prints it has it replaced.

  bench/doi_style_eval.py BUILD_DIR SAMPLES_DIR [--styles a,b] [--seed N] [--check] [--show N]

--check exits 1 when precision < 0.99, recall < 0.95 or same-author recall < 0.9; exit 77 when the
samples or pandoc are missing. Needs pandoc and citation-style-language-styles (tools/setup.sh --bench).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import quote

STYLES_DIR = Path("/usr/share/citation-style-language/styles")
DEFAULT_STYLES = ["vancouver", "american-medical-association", "nature", "ieee", "apa",
                  "harvard-cite-them-right", "chicago-author-date", "modern-language-association",
                  "elsevier-harvard", "springer-basic-author-date"]
REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / "tests" / "registry_server" / "registry_server.py"

# Crossref types and DataCite resourceTypeGeneral as CSL types.
CSL_TYPES = {
    "journal-article": "article-journal", "proceedings-article": "paper-conference",
    "book-chapter": "chapter", "book": "book", "monograph": "book", "edited-book": "book",
    "reference-book": "book", "posted-content": "article", "dataset": "dataset",
    "report": "report", "dissertation": "thesis", "peer-review": "review",
    "component": "article", "journal": "periodical", "journal-issue": "periodical",
    "Dataset": "dataset", "Software": "software", "Text": "article", "JournalArticle": "article-journal",
    "Preprint": "article", "ConferencePaper": "paper-conference", "Collection": "dataset",
    "Image": "graphic", "Audiovisual": "motion_picture", "InteractiveResource": "webpage",
}


def plain(text: str) -> str:
    """A title as CSL wants it: no newlines or runs of spaces (the markup is kept: CSL reads <i>)."""
    return re.sub(r"\s+", " ", text or "").strip()


def date_parts(message: dict, *fields: str) -> list | None:
    for name in fields:
        parts = ((message.get(name) or {}).get("date-parts") or [[None]])[0]
        if parts and parts[0]:
            return [parts]
    return None


def crossref_item(message: dict) -> dict | None:
    titles = message.get("title") or []
    if not titles or not plain(titles[0]):
        return None
    title = plain(titles[0])
    if message.get("subtitle"):
        title += ": " + plain(message["subtitle"][0])
    item = {"type": CSL_TYPES.get(message.get("type", ""), "article"), "title": title,
            "DOI": message["DOI"]}
    for role in ("author", "editor"):
        people = []
        for person in message.get(role) or []:
            if person.get("family"):
                people.append({"family": person["family"], "given": person.get("given", "")})
            elif person.get("name"):
                people.append({"literal": person["name"]})
        if people:
            item[role] = people
    issued = date_parts(message, "issued", "published-print", "published-online", "posted")
    if issued:
        item["issued"] = {"date-parts": issued}
    for key, csl in (("container-title", "container-title"), ("publisher", "publisher"),
                     ("volume", "volume"), ("issue", "issue"), ("page", "page")):
        value = message.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            item[csl] = plain(value)
    if message.get("type") == "posted-content" and not item.get("container-title"):
        institution = (message.get("institution") or [{}])[0].get("name")
        if institution:
            item["publisher"] = institution
    return item


def datacite_item(attributes: dict) -> dict | None:
    titles = attributes.get("titles") or []
    if not titles or not plain(titles[0].get("title", "")):
        return None
    types = attributes.get("types") or {}
    item = {"type": CSL_TYPES.get(types.get("resourceTypeGeneral", ""), "article"),
            "title": plain(titles[0]["title"]), "DOI": attributes["doi"]}
    people = []
    for creator in attributes.get("creators") or []:
        if creator.get("familyName"):
            people.append({"family": creator["familyName"], "given": creator.get("givenName", "")})
        elif creator.get("name"):
            people.append({"literal": creator["name"]})
    if people:
        item["author"] = people
    if attributes.get("publicationYear"):
        item["issued"] = {"date-parts": [[int(attributes["publicationYear"])]]}
    publisher = attributes.get("publisher")
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    if publisher:
        item["publisher"] = publisher
    container = (attributes.get("container") or {}).get("title")
    if container:
        item["container-title"] = container
    return item


def load_items(samples: Path) -> tuple[list[dict], int]:
    """One CSL item per DOI (the first recording in file-name order, as the server serves it);
    and how many records were left out for want of a title."""
    items, seen, untitled = [], set(), 0
    for kind, read in (("crossref-works", lambda a: crossref_item(a["message"])
                        if a.get("message-type") == "work" else False),
                       ("datacite-dois", lambda a: datacite_item(a["data"]["attributes"])
                        if isinstance(a.get("data"), dict) else False)):
        for path in sorted((samples / kind).glob("*.json")):
            try:
                answer = json.loads(path.read_bytes())
                item = read(answer)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            if item is False:
                continue
            doi = (answer.get("message") or {}).get("DOI") or answer["data"]["id"]
            if doi.lower() in seen:
                continue
            seen.add(doi.lower())
            if item is None:
                untitled += 1
                continue
            item["id"] = f"r{len(items)}"
            items.append(item)
    return items, untitled


def folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def first_family(item: dict) -> str:
    people = item.get("author") or item.get("editor") or []
    return folded(people[0].get("family", "")) if people else ""


def title_key(item: dict) -> str:
    return re.sub(r"[^a-z0-9]+", " ", folded(item["title"])).strip()


def partners(items: list[dict], seed: int) -> list[tuple[int, bool]]:
    """For each item, the item whose DOI it gets in the swapped page, and whether they share a
    first author."""
    rng = random.Random(seed)
    by_author: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        if first_family(item):
            by_author.setdefault(first_family(item), []).append(index)
    chosen = []
    for index, item in enumerate(items):
        same = [other for other in by_author.get(first_family(item), [])
                if other != index and title_key(items[other]) != title_key(item)]
        if same:
            chosen.append((rng.choice(same), True))
            continue
        while len(items) > 1:
            other = rng.randrange(len(items))
            if other != index and title_key(items[other]) != title_key(item):
                chosen.append((other, False))
                break
    return chosen


def render(items: list[dict], style: str, work: Path) -> dict[str, str]:
    """Each item's entry in `style`, as HTML (the entry's own number or label left out)."""
    bibliography = work / "items.json"
    bibliography.write_text(json.dumps(items), encoding="utf-8")
    document = work / "doc.md"
    document.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    output = subprocess.run(["pandoc", "--citeproc", "--bibliography", str(bibliography),
                             "--csl", str(STYLES_DIR / f"{style}.csl"), "-t", "html", str(document)],
                            check=True, capture_output=True, text=True).stdout
    entries = {}
    for match in re.finditer(r'<div id="ref-(r\d+)" class="csl-entry"[^>]*>(.*?)</div>\s*(?=<div id="ref-|</div>\s*$)',
                             output, re.S):
        body = re.sub(r'<div class="csl-left-margin">.*?</div>', "", match.group(2), flags=re.S)
        body = re.sub(r'</?div[^>]*>', "", body)
        entries[match.group(1)] = " ".join(body.split())
    return entries


def with_doi(entry: str, own: str, doi: str) -> str | None:
    """`entry` carrying `doi` instead of its own: the printed DOI replaced (text and links), or a
    doi.org link added when the style prints none; None when the own DOI cannot be taken out."""
    forms = {own, html.escape(own), html.escape(own, quote=False), quote(own, safe="/"), quote(own, safe="/:;()")}
    if not any(form.lower() in entry.lower() for form in forms):
        return f'{entry} <a href="https://doi.org/{html.escape(doi)}">https://doi.org/{html.escape(doi)}</a>'
    for form in sorted(forms, key=len, reverse=True):
        entry = re.sub(re.escape(form), lambda _: html.escape(doi, quote=False), entry, flags=re.I)
    return None if own.lower() in entry.lower() and own.lower() not in doi.lower() else entry


def page(entries: list[str]) -> str:
    markers = ", ".join(f"[{number}]" for number in range(1, len(entries) + 1))
    items = "\n".join(f"<li>{entry}</li>" for entry in entries)
    return (f"<!doctype html><html><head><meta charset=utf-8><title>Evaluation</title></head><body>"
            f"<h1>An article</h1><p>Earlier work {markers}.</p><h2>References</h2><ol>\n{items}\n</ol>"
            f"</body></html>")


def lint(build: Path, base: str, paths: list[Path], work: Path) -> list[dict]:
    report = work / "report.json"
    # The loopback registry needs none of the politeness a public one does.
    config = work / "reflint.toml"
    config.write_text("[network]\nrate = 1000\n", encoding="utf-8")
    subprocess.run([str(build / "reflint"), "--config", str(config), "--no-cache", "--no-fetch-pages", "--no-cross-page",
                    "--doi-resolver", base, "--crossref-api", base, "--datacite-api", base,
                    "--europepmc-api", base, "--enable", "doi-metadata-mismatch", "--max-findings-per-rule", "0",
                    "--format", f"json={report}", "--fail-on", "none", "-q", "-j2", *map(str, paths)],
                   check=True, stdout=subprocess.DEVNULL)
    return [json.loads(line) for line in report.read_text().splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("build", type=Path)
    parser.add_argument("samples", type=Path)
    parser.add_argument("--styles", default=",".join(DEFAULT_STYLES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print N false alarms and misses per style")
    parser.add_argument("--keep", type=Path, help="keep the pages and the report in this folder")
    args = parser.parse_args()
    if not (args.samples / "crossref-works").is_dir():
        print(f"doi_style_eval: {args.samples} has no crossref-works/: skipped", file=sys.stderr)
        return 77
    if shutil.which("pandoc") is None or not STYLES_DIR.is_dir():
        print("doi_style_eval: needs pandoc and citation-style-language-styles (tools/setup.sh --bench)",
              file=sys.stderr)
        return 77
    items, untitled = load_items(args.samples)
    swaps = partners(items, args.seed)
    styles = args.styles.split(",")
    print(f"{len(items)} records with a title ({untitled} without), "
          f"{sum(same for _, same in swaps)} same-author swaps, seed {args.seed}")
    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        (work / "empty.json").write_text('{"works": []}')
        server = subprocess.Popen([sys.executable, str(SERVER), "--port", "0", "--data", str(work / "empty.json"),
                                   "--recorded", str(args.samples), "--max-seconds", "3600"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            ready = server.stdout.readline().split()
            base = f"http://127.0.0.1:{ready[1]}"
            pages, layout = [], {}
            for style in styles:
                entries = render(items, style, work)
                for kind in ("own", "swapped"):
                    texts, kept = [], []
                    for index, item in enumerate(items):
                        entry = entries.get(item["id"])
                        doi = item["DOI"] if kind == "own" else items[swaps[index][0]]["DOI"]
                        text = entry and with_doi(entry, item["DOI"], doi)
                        if text:
                            texts.append(text)
                            kept.append(index)
                    path = work / f"{style}.{kind}.html"
                    path.write_text(page(texts), encoding="utf-8")
                    pages.append(path)
                    layout[str(path)] = (style, kind, kept, texts)
            findings = lint(args.build, base, pages, work)
            saved_pages = sorted((args.samples / "pages").glob("*.html"))
            page_findings = lint(args.build, base, saved_pages, work) if saved_pages else []
        finally:
            server.terminate()
            server.wait()
    # On the own pages any finding is a false alarm, a note too; on the swapped pages only a
    # warning (or error) is a detection: a note says "another version of the same work".
    flagged: dict[str, set[int]] = {}
    for finding in findings:
        if finding["rule"] != "doi-metadata-mismatch":
            continue
        if ".own." in finding["path"] or finding.get("level") != "note":
            flagged.setdefault(finding["path"], set()).add(finding["line"])
    totals = {"own": [0, 0], "swapped": [0, 0], "same": [0, 0]}
    print(f"{'style':30} {'entries':>7} {'false alarms':>12} {'precision':>9} {'found':>6} {'recall':>6} "
          f"{'same-author':>11}")
    for style in styles:
        row = {}
        for kind in ("own", "swapped"):
            path = str(work / f"{style}.{kind}.html")
            _, _, kept, texts = layout[path]
            lines = flagged.get(path, set())
            # Each entry is on its own line: line 2 + position in the list.
            hits = [index for position, index in enumerate(kept) if position + 2 in lines]
            row[kind] = (kept, hits)
            if args.show:
                label = "false alarm" if kind == "own" else "miss"
                shown = hits if kind == "own" else [i for i in kept if i not in set(hits)]
                for index in shown[: args.show]:
                    print(f"  {style} {label}: {texts[kept.index(index)][:300]}"
                          + ("" if kind == "own" else f"  <- DOI of: {items[swaps[index][0]]['title'][:100]}"))
        own_kept, own_hits = row["own"]
        swap_kept, swap_hits = row["swapped"]
        same_kept = [i for i in swap_kept if swaps[i][1]]
        same_hits = [i for i in swap_hits if swaps[i][1]]
        for key, kept, hits in (("own", own_kept, own_hits), ("swapped", swap_kept, swap_hits),
                                ("same", same_kept, same_hits)):
            totals[key][0] += len(kept)
            totals[key][1] += len(hits)
        print(f"{style:30} {len(own_kept):7} {len(own_hits):12} {1 - len(own_hits) / max(1, len(own_kept)):9.3f} "
              f"{len(swap_hits):6} {len(swap_hits) / max(1, len(swap_kept)):6.3f} "
              f"{len(same_hits):>5}/{len(same_kept):<5}")
    precision = 1 - totals["own"][1] / max(1, totals["own"][0])
    recall = totals["swapped"][1] / max(1, totals["swapped"][0])
    same_recall = totals["same"][1] / max(1, totals["same"][0])
    print(f"{'all':30} {totals['own'][0]:7} {totals['own'][1]:12} {precision:9.3f} {totals['swapped'][1]:6} "
          f"{recall:6.3f} {totals['same'][1]:>5}/{totals['same'][0]:<5} ({same_recall:.3f})")
    # The saved real pages of PAGE_DOI_PAIRS.tsv against the recorded answers of the DOIs they cite.
    judged = [f for f in page_findings if f["rule"] == "doi-metadata-mismatch"]
    print(f"saved real pages: {len(saved_pages)}, doi-metadata-mismatch findings: {len(judged)}")
    for finding in judged:
        print(f"  {Path(finding['path']).name}:{finding['line']}: {finding['message'][:300]}")
    if args.check and (precision < 0.99 or recall < 0.95 or same_recall < 0.9):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
