// Server-process start-up: open the database (one process per embedded directory), migrate,
// and stop cleanly on SIGTERM/SIGINT so queued rows are flushed.
import { DataDirLockedError } from "@/clickhouse/client";
import { installPeerCapture } from "@/lib/auth/client-address";
import { runtime, stopRuntime } from "./runtime";
import { ensureFirstAdmin } from "./users";
import { startBackground, stopBackground } from "./background";

export async function startServerProcess(): Promise<void> {
  // Before the first request: sign-in rate limiting keys on the socket's address, captured here.
  installPeerCapture();
  try {
    const rt = await runtime();
    await ensureFirstAdmin();
    if (process.env.QUANTLENS_BACKGROUND !== "0") await startBackground(rt);
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
    await stopBackground().catch(() => undefined);
    await stopRuntime().catch(() => undefined);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
