#!/usr/bin/env bash
# Installs what is missing: npm packages (when node_modules is absent or older than the lockfile).
set -euo pipefail
cd "$(dirname "$0")/.."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Parley needs Node.js >= 20.19 (found "+process.version+")"); process.exit(1) }'
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages..." >&2
  npm ci --no-audit --no-fund
fi
