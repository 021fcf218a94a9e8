import { defineConfig } from "vitest/config";
import path from "node:path";
import os from "node:os";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/fuzz/**/*.test.ts"],
    // chdb allows one data directory per process: one fork runs every file in turn.
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    // One embedded data directory for the whole run (chdb binds one per process).
    env: { QUANTLENS_DATA_DIR: path.join(os.tmpdir(), `quantlens-vitest-${process.pid}`) },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
