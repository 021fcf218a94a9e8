import { defineConfig } from "vitest/config";
import path from "node:path";

// System tests: the built server as a separate process (npm run build first).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/system/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    // Generous for a busy machine: a server may take up to 180 s to start (QUANTLENS_TEST_START_TIMEOUT_MS),
    // and a hook that starts one must outlast that, or the server it was starting is left behind.
    testTimeout: 480_000,
    hookTimeout: 300_000,
  },
});
