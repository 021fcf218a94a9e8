#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite: types, unit and integration tests
# on the real embedded ClickHouse, then browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> installing dependencies"
npm install --no-audit --no-fund --loglevel=error

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing Chromium from Debian"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "==> import rule (each layer imports only the layers below it)"
npx --no-install tsx scripts/check-layers.ts

echo "==> type check"
npx --no-install tsc --noEmit -p .

echo "==> unit and integration tests"
npx --no-install vitest run

echo "==> production build"
npx --no-install next build >/tmp/quantlens-test-build.log 2>&1 || { cat /tmp/quantlens-test-build.log; exit 1; }

echo "==> system tests (the built server as a process, real webhook receivers)"
npx --no-install vitest run -c vitest.system.config.mts

echo "==> browser tests (Debian's Chromium)"
npx --no-install playwright test
