#!/usr/bin/env bash
# Runs the benchmarks in bench/ one after another and prints their tables (Markdown) on stdout;
# progress goes to stderr. See docs/BENCHMARKS.md for what each figure means.
#   npm run bench                       # all of them
#   npm run bench -- suite1-crypto      # only some (names of files in bench/, without .ts)
#   npm run bench | tee bench-run.md    # keep the tables to update docs/BENCHMARKS.md
# Knobs (environment): BENCH_TMPDIR (where temp data goes; must be a real disk), BENCH_DEPOSITS,
# BENCH_DRAIN, BENCH_MAILBOXES and BENCH_IDS (relay-memory), BENCH_GROUP_SIZES (groups: member counts, default 10,100,1000,5000) and BENCH_GROUP_RSA_POOL (groups: distinct RSA keys among members' devices, default 16), BENCH_GROUP_RELAY_SIZES (groups through a relay: member counts, default 10,5000), BENCH_GROUP_POSTS (default 3000), BENCH_GROUP_DISTRIBUTION (devices a sender key goes to, default 5000) and BENCH_GROUP_RECIPIENTS (real accounts among them, default 16), BENCH_LIMITS_SECONDS (relay-limits: seconds per row, default 5), BENCH_WARMUP, BENCH_SEQUENTIAL, BENCH_BATCH_IN_FLIGHT (relay-deposit: deposit-many requests in flight, default 8), BENCH_MIN_MS and BENCH_ROUNDS (crypto rows: best of
# BENCH_ROUNDS rounds of BENCH_MIN_MS ms each), BENCH_PROFILE=<dir> (CPU profiles of the measured
# relay and drain phases, with a top-15 self-time table), BENCH_DIRECT_N (direct: timed round trips
# per row and messages per throughput run, default 300), BENCH_DIRECT_WINDOW (direct: messages in
# flight for the throughput rows, default 64), BENCH_DIRECT_WARMUP (direct: untimed sends before
# each row, default 20), BENCH_ATTACHMENT_SIZES (attachments: file sizes in MiB, default 256,4096), BENCH_ATTACHMENT_DIRECT_MIB (attachments: the file over the direct path, default 256, 0 for none), BENCH_WEB_ROUNDS (web-client: page reloads timed, default 10; it builds the
# client and installs Chromium first if they are missing).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/build-client.sh
bash scripts/ensure-chromium.sh
export PARLEY_LOG="${PARLEY_LOG:-silent}"

if [ "$#" -gt 0 ]; then benches=("$@"); else benches=(suite1-crypto groups relay-deposit relay-memory relay-limits mailbox-drain direct attachments web-client); fi

tmp="${BENCH_TMPDIR:-${TMPDIR:-/tmp}}"
echo "# Parley benchmarks"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$( [ -n "$(git status --porcelain 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
echo "- cores (nproc): $(nproc)"
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo unknown)"
echo "- node: $(node -v)"
echo "- temp data: ${tmp} on $(df -T "${tmp}" 2>/dev/null | awk 'NR==2 {print $2}' || echo unknown)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

failed=()
for b in "${benches[@]}"; do
  b="${b%.ts}"; b="${b#bench/}"
  start=$(date +%s)
  if ! node --import tsx --import ./scripts/node20-shim.mjs "bench/${b}.ts"; then failed+=("$b"); fi
  echo "(${b}: $(( $(date +%s) - start )) s wall clock)"
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
