#!/usr/bin/env bash
# Installs, builds and starts Quantlens with embedded ClickHouse and demo traffic.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-3000}"
export QUANTLENS_DATA_DIR="${QUANTLENS_DATA_DIR:-$PWD/data}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://localhost:$PORT}"
mkdir -p "$QUANTLENS_DATA_DIR"

echo "==> installing dependencies"
npm install --no-audit --no-fund --loglevel=error

echo "==> building"
npx --no-install next build >/tmp/quantlens-build.log 2>&1 || { cat /tmp/quantlens-build.log; exit 1; }

# A local key for the demo sender, kept beside the data (only its hash goes into the database).
KEYFILE="$QUANTLENS_DATA_DIR/../.quantlens-demo-key"
if [ -z "${QUANTLENS_BOOTSTRAP_KEY:-}" ]; then
  [ -s "$KEYFILE" ] || { npx --no-install tsx scripts/quantlens.ts keys generate >"$KEYFILE"; chmod 600 "$KEYFILE"; }
  export QUANTLENS_BOOTSTRAP_KEY="$(cat "$KEYFILE")"
fi
# The session secret must survive restarts, or every sign-in is lost.
SECRETFILE="$QUANTLENS_DATA_DIR/../.quantlens-session-secret"
if [ -z "${NEXTAUTH_SECRET:-}" ]; then
  [ -s "$SECRETFILE" ] || { node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))' >"$SECRETFILE"; chmod 600 "$SECRETFILE"; }
  export NEXTAUTH_SECRET="$(cat "$SECRETFILE")"
fi

echo "==> starting the server on port $PORT (data in $QUANTLENS_DATA_DIR)"
npx --no-install next start -p "$PORT" &
SERVER=$!
DEMO=""
cleanup() { [ -n "$DEMO" ] && kill "$DEMO" 2>/dev/null; kill "$SERVER" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT INT TERM

for _ in $(seq 1 120); do
  curl -fsS "http://localhost:$PORT/api/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; see the messages above"; exit 1; }
  sleep 1
done

if [ "${QUANTLENS_DEMO:-1}" != "0" ]; then
  npx --no-install tsx scripts/demo.ts --url "http://localhost:$PORT" --key "$QUANTLENS_BOOTSTRAP_KEY" --rate "${QUANTLENS_DEMO_RATE:-20}" --backfill "${QUANTLENS_DEMO_BACKFILL_MIN:-30}" &
  DEMO=$!
fi

echo
echo "  Quantlens is running:  http://localhost:$PORT"
echo "  OTLP endpoint:         http://localhost:$PORT  (Authorization: Bearer <ingest key>)"
echo "  Demo ingest key:       in $KEYFILE"
ADMINFILE="${QUANTLENS_ADMIN_PASSWORD_FILE:-$QUANTLENS_DATA_DIR/../.quantlens-admin-password}"
if [ -s "$ADMINFILE" ]; then
  echo "  Sign in as admin:      the password is in $(cd "$(dirname "$ADMINFILE")" && pwd)/$(basename "$ADMINFILE")"
fi
echo
wait "$SERVER"
