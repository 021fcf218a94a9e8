// The built Next.js server as a child process, for system tests and benchmarks: a fresh data
// directory (or a given one, to restart), a bootstrap key, and kill/kill -9.
//
// Every child a helper starts is owned until it has exited: a start that fails in any way (a
// deadline, an early exit, an exception) ends the child before it throws, and the children still
// running when the test process exits, is signalled or is killed outright are ended too (see
// ownChild). A busy machine is the normal case, not an error: the start deadline waits for a
// condition (the health endpoint), and it is generous.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKey } from "@/lib/auth/keys";
import { freePort } from "@/testkit/ports";

/** How long a server may take to become ready (ms). A loaded 2-core machine has needed > 60 s. */
export const START_TIMEOUT_MS = Number(process.env.QUANTLENS_TEST_START_TIMEOUT_MS || 180_000);
/** How long a SIGTERM is given before it becomes a SIGKILL (ms). */
export const STOP_GRACE_MS = Number(process.env.QUANTLENS_TEST_STOP_GRACE_MS || 20_000);

export interface ServerProcess {
  url: string;
  port: number;
  key: string;
  dataDir: string;
  proc: ChildProcess;
  log(): string;
  peakRssBytes(): number;
  /** SIGTERM and wait (SIGKILL after STOP_GRACE_MS). */
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
  /** Overrides START_TIMEOUT_MS for this start. */
  startTimeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Owned children: ended on every path.

const owned = new Set<ChildProcess>();
let hooked = false;
let watchdog: ChildProcess | null = null;

const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

function signal(p: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (alive(p)) p.kill(sig);
  } catch {
    /* already gone */
  }
}

// A separate process that outlives a test process killed with SIGKILL (which runs no handler of
// ours): it holds the read end of a pipe, so it learns of our death when the pipe closes, and then
// ends the children it was told about. It checks each pid's start time first, so that a reused pid
// is never signalled.
const WATCHDOG = `
const fs = require("node:fs");
const kids = new Map();
// The start time of a living (not zombie) pid, or null.
const started = (pid) => { try { const st = fs.readFileSync("/proc/" + pid + "/stat", "utf8"); const f = st.slice(st.lastIndexOf(") ") + 2).split(" "); return f[0] === "Z" ? null : f[19]; } catch { return null; } };
let buf = "";
process.stdin.on("data", (d) => {
  buf += d;
  for (let i; (i = buf.indexOf("\\n")) >= 0; buf = buf.slice(i + 1)) {
    const [op, pid, t] = buf.slice(0, i).split(" ");
    if (op === "+") kids.set(Number(pid), t); else kids.delete(Number(pid));
  }
});
const living = () => [...kids].filter(([pid, t]) => started(pid) === t).map(([pid]) => pid);
const send = (sig) => { for (const pid of living()) try { process.kill(pid, sig); } catch {} };
process.stdin.on("close", () => {
  if (living().length === 0) process.exit(0);
  send("SIGTERM");
  const until = Date.now() + ${STOP_GRACE_MS};
  setInterval(() => {
    if (living().length === 0) process.exit(0);
    if (Date.now() > until) { send("SIGKILL"); process.exit(0); }
  }, 200);
});
`;

function tellWatchdog(line: string): void {
  try {
    if (!watchdog) {
      watchdog = spawn(process.execPath, ["-e", WATCHDOG], { stdio: ["pipe", "ignore", "ignore"], detached: true });
      watchdog.on("error", () => (watchdog = null));
      watchdog.unref();
      (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
      watchdog.stdin!.on("error", () => undefined);
    }
    watchdog.stdin!.write(`${line}\n`);
  } catch {
    /* the in-process hooks below still cover normal exits and signals */
  }
}

function processStart(pid: number): string | null {
  try {
    // Field 22 (starttime), counted after the command name, which may hold ") ".
    const st = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return st.slice(st.lastIndexOf(") ") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  // A normal or crashing exit (uncaught exception, process.exit): only synchronous work runs here.
  process.on("exit", () => {
    for (const p of owned) signal(p, "SIGKILL");
  });
  // Signals: vitest ends a fork with SIGTERM and a SIGKILL 500 ms later, a terminal sends SIGINT,
  // `timeout` sends SIGTERM. End the children at once, then die of the same signal.
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    const onSignal = () => {
      for (const p of owned) signal(p, "SIGKILL");
      process.removeListener(sig, onSignal);
      // Another listener (a runner's) decides what happens next; with none, the default action.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/**
 * Owns a spawned child until it exits: it is ended if this process exits, is signalled, or is
 * killed with SIGKILL (by a watchdog). Returns a promise of its exit.
 */
export function ownChild(proc: ChildProcess): Promise<void> {
  hookProcessExit();
  const exited = new Promise<void>((resolve) => {
    proc.once("exit", () => resolve());
    // A spawn that failed (ENOENT, EAGAIN) emits "error" and never "exit".
    proc.once("error", () => {
      if (proc.pid === undefined) resolve();
    });
  });
  if (proc.pid !== undefined) {
    owned.add(proc);
    const pid = proc.pid;
    const t = processStart(pid);
    if (t) tellWatchdog(`+ ${pid} ${t}`);
    void exited.then(() => {
      owned.delete(proc);
      tellWatchdog(`- ${pid}`);
    });
  }
  return exited;
}

/** Ends a child: `sig` (SIGTERM by default), SIGKILL after `graceMs`, and waits for its exit. */
export async function endChild(proc: ChildProcess, exited: Promise<void>, sig: NodeJS.Signals = "SIGTERM", graceMs = STOP_GRACE_MS): Promise<void> {
  if (proc.pid === undefined) return;
  signal(proc, sig);
  const hard = sig === "SIGKILL" ? null : setTimeout(() => signal(proc, "SIGKILL"), graceMs);
  try {
    await exited;
  } finally {
    if (hard) clearTimeout(hard);
  }
}

/**
 * Waits until `ready()` is true, the child exits, or the deadline passes; on any failure (and on
 * an exception from `ready`) the child is ended and waited for before the error is thrown.
 */
export async function waitUntilReady(o: {
  what: string;
  proc: ChildProcess;
  exited: Promise<void>;
  /** True when ready; anything else it returns or throws is kept as the last answer, for the error. */
  ready: (signal: AbortSignal) => Promise<boolean | string>;
  timeoutMs: number;
  log: () => string;
  everyMs?: number;
}): Promise<void> {
  const started = Date.now();
  const deadline = started + o.timeoutMs;
  let last = "no answer yet";
  let spawnError: Error | null = null;
  o.proc.once("error", (e) => (spawnError = e));
  try {
    for (;;) {
      if (spawnError) throw new Error(`${o.what} could not be started: ${(spawnError as Error).message}`);
      if (!alive(o.proc)) throw new Error(`${o.what} exited (code ${o.proc.exitCode}, signal ${o.proc.signalCode}) before it was ready:\n${o.log()}`);
      // One probe may not outlast the deadline (a server that accepts and never answers).
      const left = deadline - Date.now();
      const probe = o.ready(AbortSignal.timeout(Math.max(1_000, Math.min(15_000, left)))).catch((e: Error) => `${e.name}: ${e.message}${e.cause ? ` (${(e.cause as Error).message ?? e.cause})` : ""}`);
      // An exit during the probe is noticed at once (the loop's first check says so).
      const answer = await Promise.race([probe, o.exited.then(() => false as const)]);
      if (answer === true) return;
      if (typeof answer === "string") last = answer;
      if (Date.now() > deadline) throw new Error(`${o.what} was not ready within ${o.timeoutMs} ms (QUANTLENS_TEST_START_TIMEOUT_MS); last answer: ${last}\n${o.log()}`);
      // Poll, or stop polling at once if the child exits meanwhile.
      await Promise.race([new Promise((r) => setTimeout(r, o.everyMs ?? 300)), o.exited]);
    }
  } catch (err) {
    await endChild(o.proc, o.exited);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------

export async function startServerProcess(opts: ServerOptions = {}): Promise<ServerProcess> {
  const distDir = process.env.QUANTLENS_DIST_DIR || ".next";
  if (!fs.existsSync(path.join(process.cwd(), distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: run \`npm run build\` first`);
  const port = opts.port ?? (await freePort());
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
  const exited = ownChild(proc);
  let log = "";
  proc.stdout!.on("data", (d) => (log += d));
  proc.stderr!.on("data", (d) => (log += d));
  await waitUntilReady({
    what: `the server on port ${port}`,
    proc,
    exited,
    timeoutMs: opts.startTimeoutMs ?? START_TIMEOUT_MS,
    log: () => log,
    ready: async (signal) => {
      const res = await fetch(`${url}/api/health`, { signal });
      const body = await res.text();
      return res.ok || opts.readyWhen === "responding" || `HTTP ${res.status} ${body.slice(0, 300)}`;
    },
  });
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
  timer.unref();
  void exited.then(() => clearInterval(timer));
  const end = async (sig: NodeJS.Signals) => {
    clearInterval(timer);
    sample();
    await endChild(proc, exited, sig);
  };
  return { url, port, key, dataDir, proc, log: () => log, peakRssBytes: () => (sample(), peak), stop: () => end("SIGTERM"), kill9: () => end("SIGKILL") };
}
