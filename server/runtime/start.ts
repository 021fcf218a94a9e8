// Server-process start-up: check the configuration, open the database (one process per
// embedded directory), migrate, start the background work, and stop cleanly on SIGTERM/SIGINT
// so queued rows are flushed.
import { DataDirLockedError } from "@/clickhouse/client";
import { installPeerCapture } from "@/server/http/client-address";
import { ensureFirstAdmin } from "@/server/services/first-admin";
import { startBackground } from "./background";
import { config, ConfigError } from "./config";
import { runtime, stopRuntime } from "./runtime";

export async function startServerProcess(): Promise<void> {
  try {
    config();
  } catch (err) {
    // A mistake in the environment is named at once, before anything starts.
    if (err instanceof ConfigError) {
      console.error(`\n[quantlens] ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // Before the first request: sign-in rate limiting keys on the socket's address, captured here.
  installPeerCapture();
  try {
    const rt = await runtime();
    await ensureFirstAdmin();
    if (rt.config.background) await startBackground(rt);
    console.log("[quantlens] ready");
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`\n[quantlens] ${err.message}\n`);
      process.exit(1);
    }
    // Leave the server up: /api/health reports the database, ingest answers 503 and retries.
    console.error("[quantlens] start-up failed; will retry on the next request:", (err as Error).message);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[quantlens] ${signal}: flushing and stopping`);
    await stopRuntime().catch(() => undefined);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
