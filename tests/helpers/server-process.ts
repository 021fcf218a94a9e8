// The built Next.js server as a child process, for system tests and benchmarks: a fresh data
// directory (or a given one, to restart), a bootstrap key, and kill/kill -9.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKey } from "@/lib/auth/keys";

export interface ServerProcess {
  url: string;
  port: number;
  key: string;
  dataDir: string;
  proc: ChildProcess;
  log(): string;
  peakRssBytes(): number;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait: no flush, no goodbye. */
  kill9(): Promise<void>;
}

export interface ServerOptions {
  port?: number;
  key?: string;
  dataDir?: string;
  env?: Record<string, string>;
  /** "healthy" (default) waits for /api/health 200; "responding" for any answer (a broken database). */
  readyWhen?: "healthy" | "responding";
  /** Extra node flags, e.g. --cpu-prof for profiling. */
  nodeArgs?: string[];
}

export async function startServerProcess(opts: ServerOptions = {}): Promise<ServerProcess> {
  const distDir = process.env.QUANTLENS_DIST_DIR || ".next";
  if (!fs.existsSync(path.join(process.cwd(), distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: run \`npm run build\` first`);
  const port = opts.port ?? 3900 + Math.floor(Math.random() * 900);
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-proc-"));
  const key = opts.key ?? generateKey().key;
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      QUANTLENS_DATA_DIR: dataDir,
      QUANTLENS_BOOTSTRAP_KEY: key,
      QUANTLENS_ADMIN_PASSWORD: "process-admin-password-1",
      NEXTAUTH_SECRET: "process-secret-for-tests",
      NEXTAUTH_URL: url,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout!.on("data", (d) => (log += d));
  proc.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited:\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok || opts.readyWhen === "responding") break;
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
  const exited = new Promise((r) => proc.once("exit", r));
  const end = async (signal: NodeJS.Signals) => {
    clearInterval(timer);
    sample();
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    // A SIGTERM that does not end the server within 20 s becomes a SIGKILL.
    const hard = setTimeout(() => proc.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(hard);
  };
  return { url, port, key, dataDir, proc, log: () => log, peakRssBytes: () => (sample(), peak), stop: () => end("SIGTERM"), kill9: () => end("SIGKILL") };
}
