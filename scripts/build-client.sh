#!/usr/bin/env bash
# Builds the web client when its sources are newer than the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f client/dist/index.html ] || [ -n "$(find client/src client/index.html client/vite.config.ts node/src protocol/src -newer client/dist/index.html -print -quit)" ]; then
  echo "Building the web client..." >&2
  npm run build --silent -w @parley/client
fi
