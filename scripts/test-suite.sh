#!/usr/bin/env bash
# The suite itself; run through scripts/run-tests.sh. Every stage runs even if
# an earlier one failed, so the runners' summary lines always close the output.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
step() {
  local name=$1
  shift
  echo "== $name"
  "$@" || failed+=("$name")
}
step typecheck npm run --silent typecheck
step lint npm run --silent lint
step build npx electron-vite build --logLevel warn
if [ ${#failed[@]} -gt 0 ]; then echo "Failed before the test runners: ${failed[*]}" >&2; fi
step vitest npx vitest run
step playwright npx playwright test --project chromium
# Nothing is printed after Playwright, so its summary line closes the output.
[ ${#failed[@]} -eq 0 ]
