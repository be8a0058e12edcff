#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: installs what is missing, type-checks,
# runs the unit tests of every package, then the end-to-end tests against real processes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build-client.sh
bash scripts/ensure-chromium.sh
echo "== type check" >&2
npx tsc -p tsconfig.json --noEmit
npx tsc -p client/tsconfig.json --noEmit
echo "== unit tests" >&2
npx mocha 'protocol/test/**/*.spec.ts' 'relay/test/**/*.spec.ts' 'node/test/**/*.spec.ts' 'client/test/**/*.spec.ts'
echo "== end-to-end tests" >&2
npx mocha --timeout 180000 'test/e2e/**/*.spec.ts'
