#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (playwright-core drives it; no
# test tool downloads a browser of its own). Installs it with apt-get when missing: as root, or
# through passwordless sudo. PARLEY_CHROMIUM names another binary to use instead.
set -euo pipefail
bin="${PARLEY_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$bin" ]; then exit 0; fi
if [ -n "${PARLEY_CHROMIUM:-}" ]; then echo "PARLEY_CHROMIUM=$bin is not an executable" >&2; exit 1; fi
if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
  echo "Chromium is missing and this user cannot install it: run  apt-get install -y chromium  as root." >&2
  exit 1
fi
echo "Installing Chromium for the browser tests (apt-get install chromium)..." >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >&2
[ -x "$bin" ] || { echo "apt-get installed chromium, but $bin is not there" >&2; exit 1; }
