#!/usr/bin/env bash
# `npm test`: checks the machine, then runs the whole suite inside a private
# Secret Service session: typecheck, lint, build, vitest (unit + integration
# on SQLite and PostgreSQL), Playwright (end-to-end in Chromium).
set -uo pipefail
cd "$(dirname "$0")/.."
node scripts/check-prerequisites.mjs || exit 1
node scripts/ensure-native.mjs node || exit 1
exec scripts/with-secret-service.sh bash scripts/test-suite.sh
