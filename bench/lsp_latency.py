#!/usr/bin/env python3
"""The language server's latency on a large page: `reflint lsp` over pipes, as an editor drives it.

Opens PAGE (by default the 2.5 MB Wikipedia page of the United States in ../shared), then types
into it: each edit is one didChange (a space inserted at the start of the first line with a <p, incremental sync), and the
latency is the time from sending it to receiving the diagnostics of that version. Typing is timed
twice: one edit at a time (each waits for its diagnostics), and a burst of edits 30 ms apart, where
a lint of a stale version is cancelled and only the last version's diagnostics count.
Goal (issue 18): the diagnostics within 1 s of didChange, with the default debounce.

    bench/lsp_latency.py BUILD_DIR [PAGE] [--edits N] [--debounce-ms MS]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_PAGE = os.path.join(ROOT, '..', 'shared', 'corpus', 'pages', 'wikipedia-mobileapps', 'United_States.html')


class Server:
    def __init__(self, binary):
        self.process = subprocess.Popen([binary, 'lsp'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError('the server closed its output')
            if line in (b'\r\n', b'\n'):
                break
            name, _, value = line.decode().partition(':')
            if name.lower() == 'content-length':
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def diagnostics_of(self, uri, version):
        while True:
            message = self.receive()
            params = message.get('params', {})
            if message.get('method') == 'textDocument/publishDiagnostics' and params.get('uri') == uri \
                    and params.get('version') == version:
                return params['diagnostics']


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('build_dir')
    parser.add_argument('page', nargs='?', default=DEFAULT_PAGE)
    parser.add_argument('--edits', type=int, default=20)
    parser.add_argument('--debounce-ms', type=int, default=None, help='the server setting debounceMs')
    parser.add_argument('--network', action='store_true',
                        help='let the open look DOIs up (default offline: the cache only, no request)')
    args = parser.parse_args()
    if not os.path.exists(args.page):
        print(f'lsp_latency: skipped: {args.page} is missing (../shared)', file=sys.stderr)
        return 77
    with open(args.page, encoding='utf-8', errors='replace') as f:
        text = f.read()
    lines = text.split('\n')
    body_line = next((i for i, line in enumerate(lines) if '<p' in line), len(lines) // 2)
    server = Server(os.path.join(args.build_dir, 'reflint'))
    options = {'offline': not args.network}
    if args.debounce_ms is not None:
        options['debounceMs'] = args.debounce_ms
    server.send({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize',
                 'params': {'capabilities': {}, 'initializationOptions': options}})
    server.receive()
    uri = 'file://' + os.path.abspath(args.page)
    started = time.monotonic()
    server.send({'jsonrpc': '2.0', 'method': 'textDocument/didOpen',
                 'params': {'textDocument': {'uri': uri, 'languageId': 'html', 'version': 1, 'text': text}}})
    findings = len(server.diagnostics_of(uri, 1))
    opened = time.monotonic() - started

    def change(version):
        server.send({'jsonrpc': '2.0', 'method': 'textDocument/didChange',
                     'params': {'textDocument': {'uri': uri, 'version': version},
                                'contentChanges': [{'range': {'start': {'line': body_line, 'character': 0},
                                                              'end': {'line': body_line, 'character': 0}},
                                                    'text': ' '}]}})

    latencies = []
    version = 1
    for _ in range(args.edits):
        version += 1
        started = time.monotonic()
        change(version)
        server.diagnostics_of(uri, version)
        latencies.append(time.monotonic() - started)

    started = time.monotonic()
    for _ in range(args.edits):
        version += 1
        change(version)
        time.sleep(0.03)
    typed = time.monotonic() - started
    server.diagnostics_of(uri, version)
    after_burst = time.monotonic() - started - typed

    server.send({'jsonrpc': '2.0', 'id': 2, 'method': 'shutdown'})
    server.send({'jsonrpc': '2.0', 'method': 'exit'})
    server.process.wait(timeout=30)
    size = os.path.getsize(args.page)
    print(f'page: {args.page} ({size / 1e6:.2f} MB), {findings} diagnostics')
    print(f'didOpen -> diagnostics: {opened * 1000:.0f} ms ({"with the network" if args.network else "offline: DOIs from the cache only"})')
    print(f'didChange -> diagnostics, {args.edits} edits one at a time: median {statistics.median(latencies) * 1000:.0f} ms,'
          f' max {max(latencies) * 1000:.0f} ms')
    print(f'burst of {args.edits} edits 30 ms apart: the last version\'s diagnostics {after_burst * 1000:.0f} ms after the last edit')
    return 0 if max(latencies) <= 1.0 and after_burst <= 1.0 else 1


if __name__ == '__main__':
    sys.exit(main())
