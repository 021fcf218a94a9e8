import { defineConfig } from "@playwright/test";

// Browser tests drive Debian's Chromium against the real built server with demo traffic.
const PORT = Number(process.env.E2E_PORT ?? 3211);
export const E2E = {
  url: `http://localhost:${PORT}`,
  adminPassword: "e2e-admin-password-1",
  // A fixed, well-formed key that exists only in the throw-away e2e database.
  key: `ql_e2etest00000_${"e".repeat(43)}`,
};

export default defineConfig({
  testDir: "tests/e2e",
  // Generous for a busy machine (2 cores shared with builds and other runs): limits only cost time
  // when a test fails, and every wait in the specs is a condition, not a sleep.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // Per port, so two runs at once do not empty each other's results.
  outputDir: PORT === 3211 ? "test-results" : `test-results-${PORT}`,
  use: {
    baseURL: E2E.url,
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: `bash scripts/e2e-server.sh ${PORT}`,
    url: `${E2E.url}/api/health`,
    // The server's start and its health check on a loaded machine (scripts/e2e-server.sh gives up
    // a little earlier, at E2E_START_TIMEOUT_S, with its own message).
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_ADMIN_PASSWORD: E2E.adminPassword, E2E_KEY: E2E.key },
  },
});
