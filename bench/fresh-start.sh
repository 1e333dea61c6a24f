#!/usr/bin/env bash
# Times the README's quick start on a fresh clone: `pnpm install` (reported apart), then `pnpm start`
# up to the first 200 from /api/v1/health, and checks /app/, /console/ and /docs. Results go by hand
# into bench/by-hand.md (pnpm bench appends that file to BENCHMARKS.md).
# Usage: bash bench/fresh-start.sh [port]   (clones this repository's HEAD into a temporary folder)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-18095}"
dir="$(mktemp -d)"
trap 'kill -INT "$pid" 2>/dev/null || true; sleep 2; rm -rf "$dir"' EXIT
git clone -q "$repo" "$dir/clone" && cd "$dir/clone"
t0=$(date +%s.%N); pnpm install --frozen-lockfile >"$dir/install.log" 2>&1; t1=$(date +%s.%N)
echo "install: $(echo "$t1 - $t0" | bc) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
start=$(date +%s.%N)
PORT="$port" /usr/bin/time -v -o "$dir/time.txt" node scripts/start.mjs >"$dir/start.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null; do
  sleep 0.5
  kill -0 "$pid" 2>/dev/null || { echo "pnpm start died:"; tail -20 "$dir/start.log"; exit 1; }
done
echo "pnpm start → health 200: $(echo "$(date +%s.%N) - $start" | bc) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
for p in /app/ /console/ /docs; do echo "$p $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$p")"; done
grep '^shopfloor:' "$dir/start.log"
kill -INT "$pid"; wait "$pid" || true
grep -E 'User time|System time' "$dir/time.txt"
