#!/usr/bin/env bash
# One command from a fresh clone to a running local relay serving the web client.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build-client.sh
exec node relay/bin/parley-relay.mjs --web client/dist "$@"
