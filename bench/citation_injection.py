#!/usr/bin/env python3
"""Defect injection for the citation rules on real pages: plants one defect of a class in a copy of
each page with a numbered reference list, lints the copy and scores each class.

Classes (each planted at a known line):
  marker-past-list   a marker citing a number past the list, in the style of the page's markers
                     (bracket, parenthesis, superscript, or a link to a missing note)
                     -> citation-undefined
  duplicated-entry   the list's last entry, element and all, printed again after it
                                                                        -> reference-duplicate
  uncited-entry      that element again with its text replaced by a new work that nothing cites
                     (and a printed label one higher)                   -> reference-uncited

A plant is found when the expected rule reports on the planted lines. New false alarms are findings
of the copy off those lines whose (rule, message) the untouched page does not have.
Deterministic: the planting spot is chosen by position (the middle marker), not at random. Nothing
is written next to the inputs.

usage: bench/citation_injection.py BUILD_DIR FOLDER...
"""
import bisect
import collections
import json
import os
import subprocess
import sys
import tempfile

from corpus_pages import line_starts, utf8_models


def lint(reflint, path):
    run = subprocess.run([reflint, '--offline', '--no-cache', '--no-cross-page', '--format', 'json',
                          '--fail-on', 'none', path], capture_output=True, text=True)
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def plants(model, source, at):
    """(class, expected rule, offset, inserted text) for each class this page allows."""
    citations = model['citations']
    entries = [e for e in citations['entries'] if e['number'] > 0]
    markers = [m for m in citations['markers'] if m['numbers']]
    if len(entries) < 3 or len(markers) < 3:
        return []
    highest = max(e['number'] for e in entries)
    marker = markers[len(markers) // 2]
    past = highest + 5
    style = marker['style']
    if style == 'bracket':
        planted_marker = f' [{past}]'
    elif style == 'parenthesis':
        planted_marker = f' ({past})'
    elif style == 'superscript':
        planted_marker = f'<sup>{past}</sup>'
    else:
        planted_marker = f'<sup><a href="#cite_note-planted-{past}">[{past}]</a></sup>'
    result = [('marker-past-list', 'citation-undefined', at(marker['end']), planted_marker)]
    # Entries are copied whole (start tag to end tag) and inserted after the last one, so the copy
    # has the entry's markup: its label, ids, links.
    last = max(entries, key=lambda e: (e['end']['line'], e['end']['column']))
    if 'element' in last:
        begin, end = at(last['element']['start']), at(last['element']['end'])
        element = source[begin:end]
        result.append(('duplicated-entry', 'reference-duplicate', end, element))
        number = str(last['number'])
        text = source[at(last['start']):at(last['end'])]
        planted_text = 'Fictive A, Imaginary B. A planted study nobody cites. J Fict Res. 1911;3(2):45-56.'
        uncited = element.replace(text, planted_text) if text and text in element else None
        if uncited is not None:
            # A printed label goes on: "22." becomes "23." (ids are left; a duplicate id is harmless here).
            uncited = uncited.replace(f'>{number}.<', f'>{last["number"] + 1}.<', 1)
            uncited = uncited.replace(f'[{number}]', f'[{last["number"] + 1}]', 1)
            result.append(('uncited-entry', 'reference-uncited', end, uncited))
    return result


def main():
    build, folders = sys.argv[1], sys.argv[2:]
    reflint = os.path.join(build, 'reflint')
    planted = collections.Counter()
    found = collections.Counter()
    false_alarms = collections.Counter()
    misses = []
    with tempfile.TemporaryDirectory() as scratch:
        for path, model in utf8_models(reflint, folders):
            with open(path, encoding='utf-8', errors='replace', newline='') as f:
                source = f.read()
            starts = line_starts(source)

            def at(position):
                return starts[position['line']] + position['column'] - 1

            chosen = plants(model, source, at)
            if not chosen:
                continue
            before = collections.Counter((f['rule'], f['message']) for f in lint(reflint, path))
            for kind, rule, offset, text in chosen:
                copy = source[:offset] + text + source[offset:]
                target = os.path.join(scratch, kind + '-' + os.path.basename(path))
                with open(target, 'w', encoding='utf-8', newline='') as f:
                    f.write(copy)
                line = bisect.bisect_right(starts, offset) - 1
                last_line = line + text.count('\n')  # the planted text may span lines
                after = lint(reflint, target)
                planted[kind] += 1
                hit = [f for f in after if f['rule'] == rule and line <= f['line'] <= last_line]
                if hit:
                    found[kind] += 1
                else:
                    misses.append(f'{kind} {path}:{line}')
                # Findings on the planted line are about the plant (a duplicated typed entry also
                # repeats its number); the others are new only if the untouched page lacks them.
                extra = collections.Counter((f['rule'], f['message']) for f in after
                                            if not line <= f['line'] <= last_line)
                false_alarms[kind] += sum((extra - before).values())
    print(f'{"class":20} {"planted":>8} {"found":>6} {"recall":>7} {"new false alarms":>17}')
    for kind in ('marker-past-list', 'duplicated-entry', 'uncited-entry'):
        recall = found[kind] / planted[kind] if planted[kind] else 0
        print(f'{kind:20} {planted[kind]:8} {found[kind]:6} {recall:7.2f} {false_alarms[kind]:17}')
    for miss in misses:
        print('  missed', miss)


if __name__ == '__main__':
    main()
