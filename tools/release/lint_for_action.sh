#!/usr/bin/env bash
# The Action's lint: one run of reflint writing the GitHub annotations, the SARIF log and the job
# summary. The inputs arrive as environment variables and are split into words here, never pasted
# into a script: no input can run shell syntax, and globs are not expanded.
# Environment: REFLINT (the binary), INPUT_PATHS, INPUT_ARGS, INPUT_FAIL_ON, INPUT_SARIF,
# INPUT_SUMMARY, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT (and REFLINT_MAILTO, read by reflint).
set -euo pipefail
set -f
read -r -d '' -a paths <<<"${INPUT_PATHS:-}" || true
read -r -d '' -a args <<<"${INPUT_ARGS:-}" || true
if ((${#paths[@]} == 0)); then
  echo "reflint: the 'paths' input names no file or folder" >&2
  exit 2
fi
formats=(--format github)
if [[ -n ${INPUT_SARIF:-} ]]; then formats+=(--format "sarif=$INPUT_SARIF"); fi
if [[ ${INPUT_SUMMARY:-true} == true && -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  formats+=(--format "markdown=$GITHUB_STEP_SUMMARY")
fi
status=0
"${REFLINT:?}" "${formats[@]}" --fail-on "${INPUT_FAIL_ON:-error}" "${args[@]}" -- "${paths[@]}" || status=$?
echo "exit-code=$status" >>"${GITHUB_OUTPUT:?}"
if [[ -n ${INPUT_SARIF:-} && -f $INPUT_SARIF ]]; then echo "sarif=$INPUT_SARIF" >>"$GITHUB_OUTPUT"; fi
exit "$status"
