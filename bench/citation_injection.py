#!/usr/bin/env python3
"""Defect injection for the citation rules on real pages: plants one defect of a class in a copy of
each page with a reference list, lints the copy and scores each class.

Classes, each planted at a spot chosen by a seeded random draw, with the rule that must report it:
  marker-past-list    a marker citing a number past the list, in the page's marker style
                      (bracket, parenthesis, superscript)                   -> citation-undefined
  link-past-list      a link to a note the page lacks, labelled past the list -> citation-undefined
  removed-entry       a cited entry taken out of the list                  -> citation-undefined at
                      the markers that cited it, reference-numbering at the gap, or
                      citation-link-mismatch where the links shift
  renumbered-entry    an entry's printed label (or <li value>) raised by 10  -> reference-numbering
  duplicated-entry    an entry, element and all, printed again after the list's last one
                                                                           -> reference-duplicate,
                      or reference-numbering when its printed number is the one used twice
  uncited-entry       that element again with its text replaced by a work nothing cites (and a
                      printed label one higher)                            -> reference-uncited
  swapped-order       the first citations of references k and k+1 exchanged, on a page cited in
                      order of first citation                              -> citation-order
  wrong-year          "a YEAR study" before a marker, the entry's year + 7  -> citation-context-mismatch
  wrong-author        "SURNAME et al." before a marker, another entry's first author
                                                                           -> citation-context-mismatch
  author-year-missing "(Surname, YEAR)" next to an author-year citation, with no such entry
                                                                           -> citation-undefined

Pages whose untouched lint already says their list is cut short (or their text a preview) are
not scored: the family gives them one page-level finding, which a planted defect joins.

A plant is found when its rule reports inside the planted text (or, for a removal, at a marker that
cited the entry or at the entry after the gap). New false alarms are the copy's findings elsewhere
whose (rule, message) the untouched page does not have. Deterministic for a seed; nothing is
written next to the inputs.

usage: bench/citation_injection.py [--seed N] [--sample K] [--check] BUILD_DIR FOLDER...
  --sample K   only K pages with plants, drawn with the seed (the suite's test)
  --check      exit 1 unless every class with plants has recall >= 0.95 and the new false alarms
               are at most 1 per 50 planted copies; exit 77 (skipped) when a folder is absent
"""
import argparse
import bisect
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile

from corpus_pages import line_starts, pages, utf8_model

PLANTED_WORK = 'Fictive A, Imaginary B. A planted study nobody cites. J Fict Res. 1911;3(2):45-56.'
PLANTED_SURNAMES = ('Quorrelbeck', 'Zanfirescu', 'Oakenshaw-Pryde')
CLASSES = (
    ('marker-past-list', 'citation-undefined'),
    ('link-past-list', 'citation-undefined'),
    ('removed-entry', 'citation-undefined|reference-numbering|citation-link-mismatch'),
    ('renumbered-entry', 'reference-numbering'),
    ('duplicated-entry', 'reference-duplicate|reference-numbering'),
    ('uncited-entry', 'reference-uncited'),
    ('swapped-order', 'citation-order'),
    ('wrong-year', 'citation-context-mismatch'),
    ('wrong-author', 'citation-context-mismatch'),
    ('author-year-missing', 'citation-undefined'),
)
NUMERIC_STYLES = ('bracket', 'parenthesis', 'superscript', 'link')


# Plants that renumber the entries after them: the untouched page's findings about those entries
# come back with other numbers ("reference 163 duplicates 123" for "164 duplicates 123").
RENUMBERING = ('removed-entry', 'renumbered-entry')


def numberless(message):
    return re.sub(r'\d+', 'N', message)


class Plant:
    """Edits (begin, end, replacement) of the source, non-overlapping, and the spans of the copy
    (as (begin, end) of the source, or edits by index) where the rule must report."""

    def __init__(self, kind, edits, expect_edits=None, expect_spans=()):
        self.kind = kind
        self.edits = sorted(edits)
        self.expect_edits = list(range(len(edits))) if expect_edits is None else expect_edits
        self.expect_spans = list(expect_spans)

    def apply(self, source):
        """The copy, and the expected spans as code-point ranges of the copy."""
        parts, shift, at, edit_spans = [], [], 0, {}
        for index, (begin, end, text) in enumerate(self.edits):
            parts.append(source[at:begin])
            copy_begin = sum(len(p) for p in parts)
            parts.append(text)
            shift.append((end, len(text) - (end - begin)))
            edit_spans[index] = (copy_begin, copy_begin + len(text))
            at = end
        parts.append(source[at:])

        def moved(offset):
            return offset + sum(delta for end, delta in shift if end <= offset)

        spans = [edit_spans[i] for i in self.expect_edits]
        spans += [(moved(b), moved(e)) for b, e in self.expect_spans]
        return ''.join(parts), spans


def lint(reflint, path):
    run = subprocess.run([reflint, '--offline', '--no-cache', '--no-cross-page', '--format', 'json',
                          '--fail-on', 'none', path], capture_output=True, text=True)
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


class Page:
    def __init__(self, path, model, source):
        self.path, self.source = path, source
        self.starts = line_starts(source)
        citations = model['citations']
        main = citations.get('main_list', -1)
        self.entries = [e for e in citations['entries'] if main < 0 or e['list'] == main]
        self.list = citations['lists'][main] if main >= 0 and citations['lists'] else None
        self.markers = citations['markers']
        self.numbered = [e for e in self.entries if e['number'] > 0]
        self.numeric = [m for m in self.markers if m['numbers'] and m['style'] in NUMERIC_STYLES]
        # Author-year citations in the text, and links labelled with authors and a year.
        self.author_year = [m for m in self.markers if m['style'] == 'author-year' or (
            m['style'] == 'link' and not m['numbers'] and re.search(r'\b(1[5-9]|20)\d\d', m['label']))]

    def at(self, position):
        return self.starts[position['line']] + position['column'] - 1

    def span(self, item):
        return self.at(item['start']), self.at(item['end'])

    def element(self, entry):
        return self.at(entry['element']['start']), self.at(entry['element']['end'])

    def link_span(self, marker):
        """The marker's text, widened to its <a>...</a> when it is a link's label."""
        begin, end = self.span(marker)
        if marker['style'] != 'link':
            return begin, end
        opening = self.source.rfind('<a', 0, begin)
        closing = self.source.find('</a>', end)
        if opening < 0 or closing < 0 or '</a>' in self.source[opening:begin]:
            return begin, end
        return opening, closing + len('</a>')

    def inside(self, marker, *tags):
        """True when the marker lies inside an open element of one of these tags."""
        before = self.source[:self.at(marker['start'])].lower()
        return any(before.rfind(f'<{tag}') > before.rfind(f'</{tag}>') for tag in tags)

    def body_markers(self, markers):
        """Markers before the list (not notes inside it)."""
        if not self.entries:
            return markers
        list_begin = min(self.at(e['start']) for e in self.entries)
        return [m for m in markers if self.at(m['start']) < list_begin]


def numeric_plants(page, draw):
    entries, markers = page.numbered, page.body_markers(page.numeric)
    if len(entries) < 3 or len(markers) < 3:
        return []
    result = []
    highest = max(e['number'] for e in entries)
    past = highest + 5
    # Not inside a range or list of links ("[46]-[50]", "[3], [5]"): a marker planted there
    # would break it.
    standalone = [m for m in markers
                  if not re.match(r'\s*(?:[-–—,;]|&#8211;|&ndash;)',
                                  page.source[group_close(page.source, *page.link_span(m)):][:20])]
    marker = draw.choice(standalone or markers)
    marker_begin, marker_end = page.link_span(marker)
    after_marker = group_close(page.source, marker_begin, marker_end)
    style = marker['style']
    if style == 'link':
        opener = page.source[bracket_before(page.source, marker_begin):marker_begin].strip().lower()
        label = page.source[marker_begin:marker_end].lower()
        before = page.source[:marker_begin].lower()
        in_sup = before.rfind('<sup') > before.rfind('</sup>')
        style = ('superscript' if in_sup or opener.startswith('<sup') or '<sup' in label
                 else 'parenthesis' if marker['label'].startswith('(') or opener.startswith('(') else 'bracket')
    if style == 'superscript':
        # Before the group: a superscript right after another one's digits reads as a power.
        at = bracket_before(page.source, marker_begin)
        text_before = re.sub(r'<[^>]*>', '', page.source[max(0, at - 300):at])
        space = ' ' if text_before[-1:].isdigit() else ''  # "p. 234" then ¹⁰ would read as a power
        # A space after it when the group is a superscript too: "<sup>9</sup><sup>1</sup>" reads as ⁹¹.
        after = ' ' if page.source[at:at + 4].lower() == '<sup' else ''
        result.append(Plant('marker-past-list', [(at, at, f'{space}<sup>{past}</sup>{after}')]))
    else:
        plain = f' [{past}]' if style == 'bracket' else f' ({past})'
        result.append(Plant('marker-past-list', [(after_marker, after_marker, plain)]))
    linked_marker = next((m for m in markers if m['style'] == 'link' and m.get('href', '').startswith('#')
                          and len(m['numbers']) == 1), None)
    if linked_marker:
        # The page's own link, its number raised past the list: "#B12" becomes "#B45", and
        # "#pone.0081898-Cooley1" (an entry named by its author) "#pone.0081898-Planted45".
        begin, end = page.link_span(linked_marker)
        link = page.source[begin:end]
        number = str(linked_marker['numbers'][0])
        href = linked_marker['href']
        digits = re.search(r'\d+$', href)
        if digits:
            fragment = href[:digits.start()] + str(past).zfill(len(digits.group(0)))
        else:
            fragment = re.sub(r'[A-Za-z0-9]+$', f'Planted{past}', href)
        link = re.sub(r'href="[^"]*"', f'href="{fragment}"', link, count=1)
        # The label's number, in text only (not in tags or character references).
        pieces = re.split(r'(<[^>]*>|&#?\w+;)', link)
        link = ''.join(piece if piece.startswith(('<', '&')) else
                       re.sub(rf'(?<!\d){number}(?!\d)', str(past), piece) for piece in pieces)
        linked = f'<sup>{link}</sup>' if style == 'superscript' else f' {link}' if '[' in link else f' [{link}]'
    else:
        linked = f'<sup><a href="#ref{past}">{past}</a></sup>'
    result.append(Plant('link-past-list', [(after_marker, after_marker, linked)]))

    # Entries are copied whole (start tag to end tag), so the copy has the entry's markup: its
    # label, ids, links.
    with_element = [e for e in entries if 'element' in e]
    cited = {n for m in markers for n in m['numbers']}
    single = collections.defaultdict(list)
    for m in markers:
        if len(m['numbers']) == 1:
            single[m['numbers'][0]].append(m)
    removable = [e for e in with_element[1:-1] if e['number'] in single]
    if removable:
        removed = draw.choice(removable)
        begin, end = page.element(removed)
        following = with_element[with_element.index(removed) + 1]
        citing = [page.span(m) for m in markers if removed['number'] in m['numbers']]
        spans = citing + [page.element(following)]
        result.append(Plant('removed-entry', [(begin, end, '')], expect_edits=[], expect_spans=spans))

    labelled = [e for e in with_element[1:-1] if page.list and page.list['numbering'] == 'typed']
    if labelled:
        entry = draw.choice(labelled)
        begin, _ = page.element(entry)
        head = page.source[begin:page.at(entry['start']) + 1]
        # The printed label: the number in the entry's text before its author, not in a tag.
        label = next((m for m in re.finditer(rf'(?<![\d.#]){entry["number"]}(?!\d)', head)
                      if head.rfind('<', 0, m.start()) <= head.rfind('>', 0, m.start())), None)
        if label:
            at = begin + label.start()
            following = with_element[with_element.index(entry) + 1]
            citing = [page.span(m) for m in markers if entry['number'] in m['numbers']]
            result.append(Plant('renumbered-entry', [(at, at + len(str(entry['number'])),
                                                      str(entry['number'] + 10))],
                                expect_spans=[page.element(entry), page.element(following)] + citing))
    elif page.list and page.list['numbering'] == 'ordered' and len(with_element) > 2:
        entry = draw.choice(with_element[1:-1])
        begin, _ = page.element(entry)
        following = with_element[with_element.index(entry) + 1]
        after, _ = page.element(following)
        if re.match(r'<li\b', page.source[begin:begin + 3], re.I) and \
                re.match(r'<li\b', page.source[after:after + 3], re.I):
            # One item misnumbered; the next one's value puts the rest back.
            citing = [page.span(m) for m in markers if entry['number'] in m['numbers']]
            result.append(Plant('renumbered-entry',
                                [(begin + 3, begin + 3, f' value="{entry["number"] + 10}"'),
                                 (after + 3, after + 3, f' value="{following["number"]}"')],
                                expect_spans=[page.element(entry), page.element(following)] + citing))

    if with_element:
        last = max(with_element, key=lambda e: page.at(e['end']))
        begin, end = page.element(last)
        element = page.source[begin:end]
        result.append(Plant('duplicated-entry', [(end, end, element)]))
        result.append(Plant('uncited-entry', [(end, end, uncited_copy(element, last['number']))]))

    swap = swapped_order(page, markers, draw)
    if swap:
        result.append(swap)

    by_number = {e['number']: e for e in entries}
    checked = [m for m in markers if len(m['numbers']) == 1 and m['numbers'][0] in by_number]
    dated = [m for m in checked if by_number[m['numbers'][0]].get('year')]
    if dated:
        marker = draw.choice(dated)
        year = by_number[marker['numbers'][0]]['year'] + 7
        begin, _ = page.link_span(marker)
        opening = bracket_before(page.source, begin)
        result.append(Plant('wrong-year', [(opening, opening, f'as a {year} study showed ')],
                            expect_spans=[page.span(marker)]))
    authored = [m for m in checked if by_number[m['numbers'][0]].get('first_author')]
    if authored:
        marker = draw.choice(authored)
        entry = by_number[marker['numbers'][0]]
        others = sorted({e['first_author'] for e in entries if e.get('first_author')} -
                        set(entry['text'].split()) - {entry['first_author']})
        others = [name for name in others if re.fullmatch(r'[A-Z][a-z]{2,}', name)]
        if others:
            begin, _ = page.link_span(marker)
            opening = bracket_before(page.source, begin)
            name = draw.choice(others)
            result.append(Plant('wrong-author', [(opening, opening, f'as {name} et al. showed ')],
                                expect_spans=[page.span(marker)]))
    return result


def bracket_before(source, begin):
    """Where the marker's group opens: before its "[" or "(" (and a <sup> around it), so text
    planted there precedes the whole citation."""
    at = begin
    while True:
        stripped = source[:at].rstrip()
        sup = re.search(r'<sup\b[^<>]*>$', stripped[-200:], re.I)
        if stripped.endswith(('[', '(')):
            at = len(stripped) - 1
        elif sup:
            at = len(stripped) - len(sup.group(0))
        else:
            return at


def group_close(source, begin, end):
    """Where the marker's group closes: after the "]", ")" or "</sup>" that matches what opens
    before it, so a marker planted there is a citation of its own."""
    opening = bracket_before(source, begin)
    opener = source[opening:begin].strip()
    for bracket, closer in (('[', ']'), ('(', ')'), ('<sup', '</sup>')):
        if opener.lower().startswith(bracket):
            at = source.find(closer, end)
            if 0 <= at - end < 300:
                end = at + len(closer)
                if source[end:end + 6].lower() == '</sup>':
                    end += 6
            return end
    return end


def swapped_order(page, markers, draw):
    """Exchanges the first citations of k and k+1 (single-number markers of one style, not in the
    same block) on a page whose first citations run 1, 2, 3, ..."""
    first = {}
    for m in sorted(markers, key=lambda m: page.at(m['start'])):
        for n in m['numbers']:
            first.setdefault(n, m)
    order = sorted(first, key=lambda n: page.at(first[n]['start']))
    # Only a page cited wholly in order of first citation, and not reference 1 (a page whose first
    # citation is not 1 is not taken for one in that order).
    if len(order) < 5 or order != sorted(order):
        return None
    candidates = [k for k in order if k >= 2 and k + 1 in first and first[k]['numbers'] == [k]
                  and first[k + 1]['numbers'] == [k + 1] and first[k]['block'] != first[k + 1]['block']
                  and first[k]['style'] == first[k + 1]['style']
                  and page.at(first[k]['start']) < page.at(first[k + 1]['start'])]
    if not candidates:
        return None
    # Not in a figure caption: citations there count for the order but are never reported.
    candidates = [k for k in candidates if not page.inside(first[k], 'figcaption', 'caption')
                  and not page.inside(first[k + 1], 'figcaption', 'caption')]
    if not candidates:
        return None
    k = draw.choice(candidates)
    a, b = page.link_span(first[k]), page.link_span(first[k + 1])
    text_a, text_b = page.source[a[0]:a[1]], page.source[b[0]:b[1]]
    return Plant('swapped-order', [(a[0], a[1], text_b), (b[0], b[1], text_a)])


def author_year_plants(page, draw):
    entries, markers = page.entries, page.body_markers(page.author_year)
    if len(entries) < 3 or len(markers) < 3:
        return []
    result = []
    marker = draw.choice(markers)
    _, end = page.link_span(marker)
    closing = page.source.find(')', end)
    # Not inside a link's label ("<a>Labeda &amp; Kroppenstedt (2004)</a>"): after the link.
    if page.source.rfind('<a', 0, closing) > page.source.rfind('</a>', 0, closing):
        link_end = page.source.find('</a>', closing)
        closing = link_end + len('</a>') - 1 if link_end >= 0 else closing
    if 0 <= closing - end < 200:
        surname = draw.choice(PLANTED_SURNAMES)
        result.append(Plant('author-year-missing', [(closing + 1, closing + 1, f' ({surname}, 1911)')]))
    with_element = [e for e in entries if 'element' in e]
    if with_element:
        last = max(with_element, key=lambda e: page.at(e['end']))
        begin, end = page.element(last)
        element = page.source[begin:end]
        result.append(Plant('duplicated-entry', [(end, end, element)]))
        result.append(Plant('uncited-entry', [(end, end, uncited_copy(element, 0))]))
    return result


def uncited_copy(element, number):
    """An entry's element with its work replaced by one nothing cites: the first text becomes the
    planted work and the other texts go, but a printed label stays, raised by one ("22." becomes
    "23."); links lose their targets (ids are left: a repeated id is harmless here)."""
    label = re.compile(rf'(\s*\[?){number}([.\])]?\s*)') if number else None
    out, planted = [], False
    for piece in re.split(r'(<[^>]*>)', element):
        if piece.startswith('<'):
            out.append(re.sub(r'\bhref="[^"]*"', 'href="#"', piece) if piece[:2].lower() == '<a' else piece)
            continue
        printed = label.match(piece) if label and not planted else None
        if printed and printed.end() == len(piece):
            out.append(f'{printed.group(1)}{number + 1}{printed.group(2)}')
        elif printed:
            out.append(f'{printed.group(1)}{number + 1}{printed.group(2)}{PLANTED_WORK}')
            planted = True
        elif piece.strip():
            # The label's own separator stays when it is outside the label's element ("<b>9</b>. ").
            separator = re.match(r'[.)\]]?\s*', piece).group(0) if not planted else ''
            out.append('' if planted else separator + PLANTED_WORK)
            planted = True
        else:
            out.append(piece)
    return ''.join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--sample', type=int, default=0)
    parser.add_argument('--check', action='store_true')
    parser.add_argument('build')
    parser.add_argument('folders', nargs='+')
    args = parser.parse_args()
    reflint = os.path.join(args.build, 'reflint')
    planted, found, false_alarms = collections.Counter(), collections.Counter(), collections.Counter()
    copies, misses, alarms, partial_pages = 0, [], [], []
    missing = [folder for folder in args.folders if not os.path.isdir(folder)]
    if missing:
        print(f'skipped: {", ".join(missing)} absent (the corpus lives in ../shared)')
        sys.exit(77)
    paths = list(pages(args.folders))
    if args.sample:
        random.Random(args.seed).shuffle(paths)
    pages_used = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            model = utf8_model(reflint, path)
            if model is None:
                continue
            with open(path, encoding='utf-8', errors='replace', newline='') as f:
                page = Page(path, model, f.read())
            draw = random.Random(f'{args.seed}:{os.path.basename(path)}')
            chosen = numeric_plants(page, draw) if len(page.numeric) >= len(page.author_year) \
                else author_year_plants(page, draw)
            if not chosen:
                continue
            untouched = lint(reflint, path)
            # A page whose list is evidently cut short (or whose text is a preview) gets one
            # finding for the whole family: a planted defect there joins it and cannot be scored.
            partial = [f for f in untouched if 'looks cut short' in f['message']
                       or 'looks like a preview or a partial copy' in f['message']]
            if partial:
                partial_pages.append(f'{path}: {partial[0]["rule"]}: {partial[0]["message"][:90]}...')
                continue
            pages_used += 1
            before = collections.Counter((f['rule'], f['message']) for f in untouched)
            before_numberless = collections.Counter((f['rule'], numberless(f['message'])) for f in untouched)
            for plant in chosen:
                rules = dict(CLASSES)[plant.kind].split('|')
                copy, spans = plant.apply(page.source)
                target = os.path.join(scratch, plant.kind + '-' + os.path.basename(path))
                with open(target, 'w', encoding='utf-8', newline='') as f:
                    f.write(copy)
                starts = line_starts(copy)
                copies += 1
                planted[plant.kind] += 1

                def inside(finding):
                    offset = starts[finding['line']] + finding['column'] - 1
                    return any(begin <= offset <= end for begin, end in spans)

                after = lint(reflint, target)
                if any(f['rule'] in rules and inside(f) for f in after):
                    found[plant.kind] += 1
                else:
                    line = bisect.bisect_right(starts, spans[0][0]) - 1 if spans else 0
                    misses.append(f'{plant.kind} {path}:{line}')
                # Findings at the plant are about it (a duplicated typed entry also repeats its
                # number); the others are new only if the untouched page lacks them.
                extra = collections.Counter((f['rule'], f['message']) for f in after if not inside(f))
                if plant.kind in RENUMBERING:
                    extra = collections.Counter({(rule, numberless(message)): n for (rule, message), n in extra.items()})
                new = extra - (before_numberless if plant.kind in RENUMBERING else before)
                false_alarms[plant.kind] += sum(new.values())
                alarms += [f'{plant.kind} {path}: {rule}: {message}' for (rule, message) in new]
            if args.sample and pages_used >= args.sample:
                break
    print(f'{pages_used} pages, {copies} planted copies (seed {args.seed}); '
          f'{len(partial_pages)} pages not scored, their list or text evidently partial:')
    for page in partial_pages:
        print('  ', page)
    print(f'{"class":20} {"rule":40} {"planted":>7} {"found":>6} {"recall":>7} {"new false alarms":>17}')
    failed = False
    for kind, rule in CLASSES:
        recall = found[kind] / planted[kind] if planted[kind] else 1.0
        failed |= recall < 0.95
        print(f'{kind:20} {rule:40} {planted[kind]:7} {found[kind]:6} {recall:7.2f} {false_alarms[kind]:17}')
    total_alarms = sum(false_alarms.values())
    print(f'new false alarms: {total_alarms} in {copies} copies ({50 * total_alarms / max(copies, 1):.2f} per 50)')
    failed |= total_alarms * 50 > copies
    for miss in misses:
        print('  missed', miss)
    for alarm in alarms:
        print('  new', alarm)
    if args.check and failed:
        sys.exit(1)


if __name__ == '__main__':
    main()
