// Starts the built Next.js server as a child process on a fresh data directory, for benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKey } from "@/lib/auth/keys";

export interface BenchServer {
  url: string;
  key: string;
  dataDir: string;
  proc: ChildProcess;
  peakRssBytes(): number;
  stop(): Promise<void>;
}

export async function startBenchServer(opts: { port?: number; env?: Record<string, string>; dataDir?: string } = {}): Promise<BenchServer> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("no production build: run `npm run build` first");
  }
  const port = opts.port ?? 3900 + Math.floor(Math.random() * 90);
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-bench-"));
  const key = generateKey().key;
  const proc = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, QUANTLENS_DATA_DIR: dataDir, QUANTLENS_BOOTSTRAP_KEY: key, QUANTLENS_ADMIN_PASSWORD: "bench-admin-password-1", NEXTAUTH_SECRET: "bench-secret", NEXTAUTH_URL: `http://127.0.0.1:${port}`, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout!.on("data", (d) => (log += d));
  proc.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited:\n${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, "utf8"));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      /* exited */
    }
  };
  const timer = setInterval(sample, 500);
  return {
    url,
    key,
    dataDir,
    proc,
    peakRssBytes: () => (sample(), peak),
    async stop() {
      clearInterval(timer);
      sample();
      proc.kill("SIGTERM");
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once("exit", r)));
    },
  };
}
