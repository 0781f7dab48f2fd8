#!/usr/bin/env python3
"""A baseline against edits, on real pages: lints a copy of the corpus with --write-baseline, then
edits 20 of its pages the way sites change — a paragraph inserted at the top of the body (every
later line moves), two paragraphs without findings swapped, the white space between tags
changed, five findings fixed (the text they point at deleted), five new defects added (a DOI
with a dash for its slash) — and lints again with --baseline. A baseline that survives edits
reports exactly the five new findings as new and the five fixed ones as absent; every other
finding stays unchanged. Nothing is written next to the inputs.

usage: bench/baseline_eval.py BUILD_DIR FOLDER...   (each copied into one site)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

EDITED_PAGES = 20
FIXED = 5
ADDED = 5


def lint(reflint, folder, *extra):
    command = [reflint, '--offline', '--no-cache', '--cross-page', '--fail-on', 'none', '-q', *extra, '.']
    return subprocess.run(command, capture_output=True, text=True, cwd=folder, check=True).stdout


def utf8_text(path):
    with open(path, 'rb') as page:
        data = page.read()
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return None


def offset(text, line, column):
    """Index of a 1-based line and code-point column."""
    at = 0
    for _ in range(line - 1):
        at = text.index('\n', at) + 1
    return at + column - 1


def without_range(text, finding):
    begin = offset(text, finding['line'], finding['column'])
    end = offset(text, finding['end_line'], finding['end_column'])
    return text[:begin] + text[end:]


def lines_with_findings(findings):
    return {finding['line'] for finding in findings} | {finding.get('end_line', 0) for finding in findings}


def swap_two_paragraphs(text, busy_lines):
    """Swaps the first two adjacent short paragraphs that hold no finding."""
    paragraphs = list(re.finditer(r'<p>[^<>]{20,400}</p>', text))
    for first, second in zip(paragraphs, paragraphs[1:]):
        span_lines = range(text.count('\n', 0, first.start()) + 1, text.count('\n', 0, second.end()) + 2)
        if any(line in busy_lines for line in span_lines):
            continue
        return (text[:first.start()] + second.group(0) + text[first.end():second.start()] + first.group(0) +
                text[second.end():]), True
    return text, False


def fingerprints(reflint, folder, name):
    output = subprocess.run([reflint, '--offline', '--no-cache', '--no-cross-page', '--fail-on', 'none', '-q',
                             '--format', 'json', name], cwd=folder, capture_output=True, text=True, check=True).stdout
    return sorted((finding['rule'], finding['fingerprint']) for finding in map(json.loads, output.splitlines()))


def clean_fix(reflint, work, path, finding):
    trial = os.path.join(work, 'trial')
    os.makedirs(trial, exist_ok=True)
    name = os.path.basename(path)
    shutil.copy(path, os.path.join(trial, name))
    before = fingerprints(reflint, trial, name)
    if (finding['rule'], finding['fingerprint']) not in before:
        return False  # a cross-page finding: the page alone does not have it
    with open(os.path.join(trial, name), 'w', encoding='utf-8') as file:
        file.write(without_range(utf8_text(path), finding))
    expected = list(before)
    expected.remove((finding['rule'], finding['fingerprint']))
    return fingerprints(reflint, trial, name) == expected


def main():
    build, sources = sys.argv[1], sys.argv[2:]
    reflint = os.path.abspath(os.path.join(build, 'reflint'))
    work = tempfile.mkdtemp(prefix='reflint-baseline-eval-')
    try:
        site = os.path.join(work, 'site')
        for source in sources:
            shutil.copytree(source, os.path.join(site, os.path.basename(os.path.normpath(source))))
        subprocess.run([reflint, '--offline', '--no-cache', '--cross-page', '--fail-on', 'none', '-q',
                        '--write-baseline', os.path.join(work, 'baseline.json'), '.'], cwd=site, check=True,
                       capture_output=True)
        with open(os.path.join(work, 'baseline.json')) as file:
            baseline = json.load(file)['findings']
        findings = [json.loads(line) for line in lint(reflint, site, '--format', 'json').splitlines()]
        by_page = {}
        for finding in findings:
            by_page.setdefault(finding['path'], []).append(finding)

        pages = sorted(os.path.relpath(os.path.join(root, name), site) for root, _, names in os.walk(site)
                       for name in names if name.endswith('.html'))
        pages = [page for page in pages if utf8_text(os.path.join(site, page)) is not None]
        # Pages with findings first (their findings move), then others, 20 in all.
        with_findings = [page for page in pages if os.path.join('.', page) in by_page or page in by_page]
        chosen = (with_findings + [page for page in pages if page not in with_findings])[:EDITED_PAGES]
        fixed = added = swapped = 0
        # A fix as an editor makes it: the finding's text deleted, and nothing else broken by it
        # (a deleted entry that leaves a gap in the numbering is a new defect, not a fix): each
        # candidate is tried on a copy of its page, linted alone, and kept when the page then has
        # exactly its other findings.
        fixable = []
        for page in chosen:
            page_findings = by_page.get(os.path.join('.', page), [])
            for finding in page_findings:
                if len(fixable) == FIXED or finding['rule'] == 'duplicate-page':
                    continue
                if clean_fix(reflint, work, os.path.join(site, page), finding):
                    fixable.append((page, finding))
        for index, page in enumerate(chosen):
            path = os.path.join(site, page)
            text = utf8_text(path)
            page_findings = by_page.get(os.path.join('.', page), by_page.get(page, []))
            # The findings' texts are deleted first, last first, while their lines and columns hold.
            fixes = [finding for fixed_page, finding in fixable if fixed_page == page]
            for finding in sorted(fixes, key=lambda f: (f['line'], f['column']), reverse=True):
                text = without_range(text, finding)
                fixed += 1
            text, did_swap = swap_two_paragraphs(text, lines_with_findings(page_findings))
            swapped += did_swap
            text = re.sub(r'>\n(\s*)<', lambda m: '>\n\n' + m.group(1) + ' <', text)
            inserted = f'<p>Editorial note {index}: this page was revised after its first publication.</p>\n'
            if added < ADDED and index >= len(chosen) - ADDED:
                inserted += f'<p>The protocol is archived as doi:10.5555\u2013rev.{index:04d}.</p>\n'
                added += 1
            body = re.search(r'<body[^>]*>', text)
            at = body.end() if body else 0
            text = text[:at] + '\n' + inserted + text[at:]
            with open(path, 'w', encoding='utf-8') as file:
                file.write(text)

        compared = subprocess.run([reflint, '--offline', '--no-cache', '--cross-page', '--fail-on', 'none', '-q',
                                   '--baseline', os.path.join(work, 'baseline.json'), '--format', 'sarif', '.'],
                                  cwd=site, check=True, capture_output=True, text=True).stdout
        states = {}
        for result in json.loads(compared)['runs'][0]['results']:
            states[result['baselineState']] = states.get(result['baselineState'], 0) + 1
            if result['baselineState'] != 'unchanged':
                where = result['locations'][0]['physicalLocation']
                print(f"  {result['baselineState']}: {where['artifactLocation']['uri']}:{where['region']['startLine']} "
                      f"[{result['ruleId']}] {result['message']['text'][:100]}")
        print(f'{len(pages)} UTF-8 pages, {len(baseline)} findings in the baseline; edited {len(chosen)} pages: '
              f'a paragraph inserted at the top of each, white space between tags changed, '
              f'{swapped} paragraph swaps, {fixed} findings fixed, {added} defects added')
        print(f'new {states.get("new", 0)} (expected {added}), absent {states.get("absent", 0)} (expected {fixed}), '
              f'unchanged {states.get("unchanged", 0)} (expected {len(baseline) - fixed})')
        ok = states.get('new', 0) == added and states.get('absent', 0) == fixed and \
            states.get('unchanged', 0) == len(baseline) - fixed
        print('baseline survives the edits' if ok else 'MISMATCH')
        return 0 if ok else 1
    finally:
        shutil.rmtree(work)


if __name__ == '__main__':
    sys.exit(main())
