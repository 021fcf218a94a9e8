#!/usr/bin/env bash
# The server for browser tests: a fresh data directory, a known admin and ingest key, demo traffic.
# Serves the build in $QUANTLENS_DIST_DIR (default .next), so a run can use a build of its own.
# Whatever it starts it ends, on every path: the server exiting, a failed start, a signal (Playwright
# ends it with a signal to its process group), or an error in this script.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-3211}"
export QUANTLENS_DIST_DIR="${QUANTLENS_DIST_DIR:-.next}"
# A little under Playwright's webServer timeout (300 s), so this script's message is the one shown.
START_TIMEOUT_S="${E2E_START_TIMEOUT_S:-280}"
STOP_GRACE_S="${E2E_STOP_GRACE_S:-20}"
if [ ! -f "$QUANTLENS_DIST_DIR/BUILD_ID" ]; then
  echo "e2e-server: no production build in $QUANTLENS_DIST_DIR: run \`QUANTLENS_DIST_DIR=$QUANTLENS_DIST_DIR npx next build\` first" >&2
  exit 1
fi

SERVER=""
DEMO=""
DIR=""
# SIGTERM each child, SIGKILL what is left after the grace period, wait for all, remove the data.
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  local pids=""
  for p in $DEMO $SERVER; do kill -0 "$p" 2>/dev/null && pids="$pids $p"; done
  if [ -n "$pids" ]; then
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 $((STOP_GRACE_S * 5))); do
      local left=""
      for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
      [ -z "$left" ] && break
      sleep 0.2
    done
    kill -KILL $pids 2>/dev/null || true
    for p in $pids; do wait "$p" 2>/dev/null || true; done
  fi
  [ -n "$DIR" ] && rm -rf "$DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

DIR="$(mktemp -d /tmp/quantlens-e2e-XXXXXX)"
export QUANTLENS_DATA_DIR="$DIR/data"
export QUANTLENS_ADMIN_PASSWORD="$E2E_ADMIN_PASSWORD"
export QUANTLENS_BOOTSTRAP_KEY="$E2E_KEY"
export NEXTAUTH_SECRET="e2e-secret-$RANDOM$RANDOM"
export NEXTAUTH_URL="http://localhost:$PORT"
node node_modules/next/dist/bin/next start -p "$PORT" &
SERVER=$!

# Ready when /api/health answers 200; fail at once if the server exits, and at the deadline.
deadline=$((SECONDS + START_TIMEOUT_S))
until curl -fsS --max-time 10 "http://localhost:$PORT/api/health" >/dev/null 2>&1; do
  if ! kill -0 "$SERVER" 2>/dev/null; then
    wait "$SERVER" && code=0 || code=$?
    echo "e2e-server: the server exited (status $code) before it was ready" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "e2e-server: the server was not ready within ${START_TIMEOUT_S}s (E2E_START_TIMEOUT_S)" >&2
    exit 1
  fi
  sleep 1
done

# One process (tsx as a loader, not its CLI, which would put a second process in between).
node --import tsx scripts/demo.ts --url "http://localhost:$PORT" --key "$E2E_KEY" --rate 40 --seed 7 --backfill 30 &
DEMO=$!
# Serve until the server exits (or a signal ends this script); either way cleanup ends the rest.
wait "$SERVER" && code=0 || code=$?
SERVER=""
exit "$code"
