#!/usr/bin/env bash
# The server for browser tests: a fresh data directory, a known admin and ingest key, demo traffic.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-3211}"
DIR="$(mktemp -d /tmp/quantlens-e2e-XXXXXX)"
export QUANTLENS_DATA_DIR="$DIR/data"
export QUANTLENS_ADMIN_PASSWORD="$E2E_ADMIN_PASSWORD"
export QUANTLENS_BOOTSTRAP_KEY="$E2E_KEY"
export NEXTAUTH_SECRET="e2e-secret-$RANDOM$RANDOM"
export NEXTAUTH_URL="http://localhost:$PORT"
node node_modules/next/dist/bin/next start -p "$PORT" &
SERVER=$!
trap 'kill $SERVER $DEMO 2>/dev/null; rm -rf "$DIR"' EXIT
DEMO=""
for _ in $(seq 1 120); do curl -fsS "http://localhost:$PORT/api/health" >/dev/null 2>&1 && break; sleep 1; done
node node_modules/tsx/dist/cli.mjs scripts/demo.ts --url "http://localhost:$PORT" --key "$E2E_KEY" --rate 40 --seed 7 --backfill 30 &
DEMO=$!
wait $SERVER
