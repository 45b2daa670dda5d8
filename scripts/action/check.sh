#!/usr/bin/env bash
# The check step of action.yml: runs `modelready check` for the annotations (--format github), the job summary
# (--format markdown) and, when asked, a SARIF file; writes `exit-code` (and `sarif-file`) to $GITHUB_OUTPUT and
# always exits 0 itself, so that the SARIF upload runs before the action's last step fails the job.
# Inputs come as INPUT_* variables; scripts/action/run-local.mjs runs the action's steps on a workstation.
set -uo pipefail

action_path="${MODELREADY_ACTION_PATH:?MODELREADY_ACTION_PATH is not set}"
out="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

# The action's own build when it has one (this repository's workflow builds first), else the npm package.
if [[ -f "$action_path/dist/cli.js" ]]; then
  cli=(node "$action_path/dist/cli.js")
else
  version="${INPUT_VERSION:-}"
  if [[ -z "$version" ]]; then
    version="$(node -p "require(process.argv[1]).version" "$action_path/package.json")"
  fi
  cli=(npx --yes "modelready@$version")
fi

read -r -d '' -a paths <<< "${INPUT_PATH:-.}" || true
[[ ${#paths[@]} -eq 0 ]] && paths=(.)
args=()
[[ -n "${INPUT_PROFILE:-}" ]] && args+=(--profile "$INPUT_PROFILE")
[[ -n "${INPUT_BASELINE:-}" ]] && args+=(--baseline "$INPUT_BASELINE")
args+=(--fail-on "${INPUT_FAIL_ON:-error}")

"${cli[@]}" check "${paths[@]}" "${args[@]}" --format github
code=$?

# Exit codes 0 and 1 both mean the report was written; 2 (usage or configuration) was shown by the first run.
report="$(mktemp)"
"${cli[@]}" check "${paths[@]}" "${args[@]}" --format markdown --output "$report" 2>/dev/null
if [[ $? -le 1 ]]; then cat "$report" >> "$summary"; fi
rm -f "$report"

if [[ "${INPUT_SARIF:-false}" == "true" ]]; then
  sarif="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/modelready.sarif"
  "${cli[@]}" check "${paths[@]}" "${args[@]}" --format sarif --output "$sarif" 2>/dev/null
  if [[ $? -le 1 ]]; then echo "sarif-file=$sarif" >> "$out"; fi
fi

echo "exit-code=$code" >> "$out"
exit 0
