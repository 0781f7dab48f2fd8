#!/usr/bin/env python3
"""Recall of duplicate-paragraph on real pages: plants one repeat per page and counts how many
are found.

For every UTF-8 page of the given folders, the content model (--dump-model) names the article's
paragraphs; the script copies one of them (the middle one of at least 15 words) and pastes it,
exactly or with two words changed, as a new paragraph after another article paragraph, in a
temporary copy of the page. Each planted page is linted alone (--no-cross-page) with only
duplicate-paragraph on; a plant counts as found when a finding, or its first copy, lies on the
pasted text.
Pages with no article paragraph of 15 words are counted apart: on those the rule can check
nothing. Nothing is written next to the inputs.

usage: bench/duplicate_recall.py BUILD_DIR FOLDER...
"""
import bisect
import json
import os
import subprocess
import sys
import tempfile

from corpus_pages import line_starts, utf8_models


def main():
    build, folders = sys.argv[1], sys.argv[2:]
    reflint = os.path.join(build, 'reflint')
    rules = subprocess.run([reflint, '--list-rules'], capture_output=True, text=True).stdout.splitlines()[1:]
    only_duplicates = []
    for line in rules:
        rule = line.split()[0]
        only_duplicates += ['--enable' if rule == 'duplicate-paragraph' else '--disable', rule]
    planted = found = unchecked = 0
    misses = []
    with tempfile.TemporaryDirectory() as scratch:
        for path, model in utf8_models(reflint, folders):
            article = [b for b in model['blocks'] if b['role'] == 'article' and b['kind'] == 'p'
                       and not b['context'] and len(b['text'].split()) >= 15]
            if len(article) < 2:
                unchecked += 1
                continue
            with open(path, encoding='utf-8', errors='replace', newline='') as f:
                source = f.read()
            starts = line_starts(source)

            def at(position):
                return starts[position['line']] + position['column'] - 1

            copied = article[len(article) // 2]
            after = article[-1] if article[-1] is not copied else article[0]
            text = source[at(copied['start']):at(copied['end'])]
            for variant in ('exact', 'near'):
                pasted = text
                if variant == 'near':
                    words = text.split(' ')
                    if len(words) < 20:
                        continue
                    words[3] = 'altered'
                    words[-4] = 'changed'
                    pasted = ' '.join(words)
                insert_at = at(after['end'])
                planted_page = source[:insert_at] + '</p><p>' + pasted + source[insert_at:]
                target = os.path.join(scratch, variant + '-' + os.path.basename(path))
                with open(target, 'w', encoding='utf-8', newline='') as f:
                    f.write(planted_page)
                line = bisect.bisect_right(starts, insert_at) - 1
                run = subprocess.run([reflint, '--offline', '--no-cache', '--no-cross-page', '--format', 'json',
                                      '--fail-on', 'none', *only_duplicates, target], capture_output=True, text=True)
                hits = [json.loads(l) for l in run.stdout.splitlines() if l.strip()]
                planted += 1
                # The planted copy is the later one, or the first copy when it was pasted before
                # the original.
                if any(h['rule'] == 'duplicate-paragraph' and
                       (h['line'] == line or any(r['line'] == line for r in h.get('related', [])))
                       for h in hits):
                    found += 1
                else:
                    misses.append(f'{variant} {path}:{line}')
    print(f'planted {planted}, found {found} ({100.0 * found / max(planted, 1):.1f}%); '
          f'{unchecked} pages with fewer than two article paragraphs of 15 words')
    for miss in misses:
        print('  missed', miss)


if __name__ == '__main__':
    main()
