#!/usr/bin/python3
"""Checks reflint's progress display against a crawl of the loopback site server.

Under a pseudo-terminal the progress line is redrawn in place and cleared at the
end; without a terminal standard error gets only periodic status lines and
standard output is byte-identical to a run without progress. Usage:
check_progress.py REFLINT SITE_SERVER. Exit 0 when both hold, 1 with the reason.
"""

import os
import pty
import subprocess
import sys

REDRAW = b"\r\x1b[2K"
PROGRESS_MARK = b"findings so far"


def main() -> int:
    reflint, server_script = sys.argv[1], sys.argv[2]
    server = subprocess.Popen([sys.executable, server_script, "--pages", "200", "--latency-ms", "20",
                               "--max-seconds", "300"], stdout=subprocess.PIPE)
    try:
        port = int(server.stdout.readline().split()[1])
        common = [reflint, "--no-cache", "--crawl", f"http://127.0.0.1:{port}/site/", "--site-concurrency", "2",
                  "--site-rate", "1000", "--disable",
                  "doi-unresolvable,doi-metadata-mismatch,doi-retracted,unverified-quote,misattributed-quote"]
        env = dict(os.environ, NO_COLOR="1")

        # A terminal on standard error.
        primary, secondary = pty.openpty()
        run = subprocess.Popen(common, stdout=subprocess.PIPE, stderr=secondary, env=env)
        os.close(secondary)
        terminal = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            terminal += chunk
        run.wait()
        os.close(primary)
        redraws = terminal.count(REDRAW)
        if redraws < 3 or PROGRESS_MARK not in terminal:
            print(f"terminal: expected the progress line redrawn, saw {redraws} redraws:\n{terminal[:2000]!r}")
            return 1
        after_last = terminal.rsplit(REDRAW, 1)[1]
        if PROGRESS_MARK in after_last or b"reflint: " not in after_last:
            print(f"terminal: the progress line was not cleared before the summary:\n{after_last[:2000]!r}")
            return 1

        # No terminal: status lines only, and the same standard output as without progress.
        quiet = subprocess.run(common + ["--progress", "never"], capture_output=True, env=env)
        status = subprocess.run(common + ["--status-interval", "0.5"], capture_output=True, env=env)
        if status.stdout != quiet.stdout or not status.stdout:
            print("no terminal: standard output differs from a run without progress")
            return 1
        lines = status.stderr.splitlines()
        status_lines = [line for line in lines if PROGRESS_MARK in line]
        if len(status_lines) < 2 or b"\r" in status.stderr or b"\x1b" in status.stderr:
            print(f"no terminal: expected plain status lines, got:\n{status.stderr[:2000]!r}")
            return 1
        if any(PROGRESS_MARK in line for line in quiet.stderr.splitlines()):
            print("--progress never printed progress")
            return 1
        print(f"terminal: {redraws} redraws, cleared; no terminal: {len(status_lines)} status lines, "
              f"stdout identical ({len(status.stdout)} bytes)")
        return 0
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
