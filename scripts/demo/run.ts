/// <reference types="node" />
// Live demo runner: ticks every 100 ms, emits the requests that are due (request i is due at
// i / rate seconds), and reports export health. The traffic itself comes from the pure model.
import { DemoEmitter, type ArmExporters } from "@/scripts/demo/emit";
import { otlpExporters, type ExportResult, type Signal } from "@/scripts/demo/exporters";
import { generateRequest, regressionActive, type Arm, type ModelOptions, type RegressionMode } from "@/lib/demo/model";

export { generateBatch, generateRequest } from "@/lib/demo/model";
export type { DemoRequest } from "@/lib/demo/model";

export interface DemoOptions {
  url: string;
  key: string;
  /** requests per second */
  rate: number;
  seed: number;
  deployment?: string;
  protocol?: "protobuf" | "json";
  regression?: RegressionMode;
  aa?: boolean;
  durationMs?: number;
  /** Also send this much history first (timestamps in the past), so verdicts have evidence at once. */
  backfillMs?: number;
  maxRequests?: number;
  log?: (s: string) => void;
  /** Include opt-in shadow texts (default true). */
  texts?: boolean;
  /** Stats line period (default 10 s; 0 disables). */
  statsEveryMs?: number;
  /** Replaces the OTLP exporters (tests). */
  exporters?: Record<Arm, ArmExporters>;
}

export interface DemoStats {
  requests: number;
  elapsedMs: number;
  regressionActive: boolean;
  /** requests that fell into the injected regression (de x long while active) */
  regressed: number;
  exported: Record<Signal, { ok: number; failed: number }>;
  /** null until the first export attempt completes */
  reachable: boolean | null;
  authRejected: boolean;
  lastError?: string;
  done: boolean;
}

export interface DemoHandle {
  stop(): Promise<void>;
  stats(): DemoStats;
  /** Resolves after the run ends (stop(), durationMs or maxRequests) and telemetry is flushed. */
  done: Promise<void>;
}

const TICK_MS = 100;
const SHUTDOWN_TIMEOUT_MS = 15_000;
const WARN_EVERY_MS = 10_000;

/** A short, human explanation of a failed export. */
export function describeExportError(url: string, error: unknown): { kind: "auth" | "network" | "other"; message: string } {
  const e = (error ?? {}) as { code?: unknown; message?: string; data?: string };
  if (e.code === 401 || e.code === 403) {
    return {
      kind: "auth",
      message: `server at ${url} rejected the API key (HTTP ${e.code}): pass --key or set QUANTLENS_DEMO_KEY to a key with the ingest scope`,
    };
  }
  if (typeof e.code === "number") {
    const body = (e.data ?? "").slice(0, 200);
    return { kind: "other", message: `export rejected with HTTP ${e.code}${body ? `: ${body}` : ""}` };
  }
  const why = typeof e.code === "string" ? e.code : e.message || "unknown error";
  return { kind: "network", message: `cannot reach ${url} (${why}); is the server running? still generating, exporters keep retrying` };
}

export function startDemo(opts: DemoOptions): DemoHandle {
  const log = opts.log ?? ((s: string) => console.log(s));
  const rate = opts.rate;
  if (!(rate > 0)) throw new Error(`rate must be > 0 (got ${rate})`);
  const model: ModelOptions = {
    seed: opts.seed,
    regression: opts.regression ?? "on",
    aa: opts.aa,
    // Run id keeps request ids unique across reruns with the same seed.
    idPrefix: `demo-${opts.seed}-${Date.now().toString(36)}`,
  };
  const stats: DemoStats = {
    requests: 0,
    elapsedMs: 0,
    regressionActive: regressionActive(model, 0, 0),
    regressed: 0,
    exported: { traces: { ok: 0, failed: 0 }, logs: { ok: 0, failed: 0 }, metrics: { ok: 0, failed: 0 } },
    reachable: null,
    authRejected: false,
    done: false,
  };
  const lastWarn: Record<string, number> = {};
  const onExport = (signal: Signal, r: ExportResult, items: number) => {
    const bucket = stats.exported[signal];
    if (r.code === 0) {
      bucket.ok += items;
      if (stats.reachable !== true) log(`[demo] connected: exporting to ${opts.url}`);
      stats.reachable = true;
      stats.authRejected = false;
      stats.lastError = undefined;
      return;
    }
    bucket.failed += items;
    const d = describeExportError(opts.url, r.error);
    stats.lastError = d.message;
    if (d.kind === "auth") stats.authRejected = true;
    if (d.kind === "network") stats.reachable = false;
    const now = Date.now();
    if ((lastWarn[d.kind] ?? 0) + WARN_EVERY_MS <= now) {
      lastWarn[d.kind] = now;
      log(`[demo] ${signal}: ${d.message}`);
    }
  };

  const emitter = new DemoEmitter({
    deployment: opts.deployment,
    aa: opts.aa,
    texts: opts.texts,
    exporters: opts.exporters ?? {
      baseline: otlpExporters(opts.url, opts.key, opts.protocol ?? "protobuf", onExport),
      canary: otlpExporters(opts.url, opts.key, opts.protocol ?? "protobuf", onExport),
    },
  });

  const backfillMs = Math.max(0, opts.backfillMs ?? 0);
  const t0 = Date.now() - backfillMs;
  let next = 0; // next request index
  const regressionLabel =
    typeof model.regression === "object" ? `at ${JSON.stringify(model.regression)}` : String(model.regression);
  log(
    `[demo] ${rate} req/s to ${opts.url} (${opts.protocol ?? "protobuf"}), deployment=${opts.deployment ?? "chat-assistant"}, ` +
      `seed=${opts.seed}, ${opts.aa ? "A/A mode" : `regression ${regressionLabel}`}`,
  );

  const tick = () => {
    const now = Date.now();
    stats.elapsedMs = now - t0;
    let due = Math.floor((stats.elapsedMs * rate) / 1000) + 1;
    if (opts.maxRequests !== undefined) due = Math.min(due, opts.maxRequests);
    // After a long stall (laptop sleep), skip the backlog instead of bursting thousands at once.
    const maxBurst = Math.max(10, Math.ceil(rate * 2));
    if (due - next > maxBurst) next = due - maxBurst;
    for (; next < due; next++) {
      const atMs = (next * 1000) / rate;
      const req = generateRequest(model, next, atMs);
      emitter.emit(req, t0 + atMs);
      stats.requests++;
      if (req.regressed) stats.regressed++;
    }
    stats.regressionActive = regressionActive(model, next, stats.elapsedMs);
    const finished =
      (opts.durationMs !== undefined && stats.elapsedMs >= opts.durationMs) ||
      (opts.maxRequests !== undefined && next >= opts.maxRequests);
    if (finished) void stop();
  };

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // History goes out in flushed chunks so the exporters' queues never overflow and drop.
  const backfill = async () => {
    const n = Math.floor((backfillMs * rate) / 1000);
    if (n > 0) log(`[demo] backfilling ${n} requests over the last ${Math.round(backfillMs / 60_000)} min`);
    for (; next < n && !stopped; next++) {
      const atMs = (next * 1000) / rate;
      const req = generateRequest(model, next, atMs);
      emitter.emit(req, t0 + atMs);
      stats.requests++;
      if (req.regressed) stats.regressed++;
      if (next % 2000 === 1999) await emitter.forceFlush();
    }
    if (n > 0) await emitter.forceFlush();
  };
  const statsEvery = opts.statsEveryMs ?? 10_000;
  const statsTimer = statsEvery > 0 ? setInterval(() => log(formatStats(stats)), statsEvery) : undefined;

  let stopping: Promise<void> | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopped = true;
      clearInterval(timer);
      if (statsTimer) clearInterval(statsTimer);
      // Bounded: with the server down, retries could otherwise hold shutdown for a long time.
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((r) => (timeout = setTimeout(() => r("timeout"), SHUTDOWN_TIMEOUT_MS)));
      const res = await Promise.race([emitter.shutdown(), timedOut]);
      clearTimeout(timeout);
      if (res === "timeout") log(`[demo] gave up flushing after ${SHUTDOWN_TIMEOUT_MS / 1000}s; some telemetry was not delivered`);
      else if (res.length > 0) log(`[demo] final flush incomplete: ${describeExportError(opts.url, res[0]).message}`);
      stats.done = true;
      log(formatStats(stats));
      resolveDone();
    })();
    return stopping;
  };
  void backfill().then(() => {
    if (stopped) return;
    tick(); // the first live request goes out immediately
    timer = setInterval(tick, TICK_MS);
  });

  return { stop, stats: () => structuredClone(stats), done };
}

export function formatStats(s: DemoStats): string {
  const t = s.exported.traces;
  const l = s.exported.logs;
  return (
    `[demo] ${(s.elapsedMs / 1000).toFixed(0)}s: ${s.requests} requests, regression ${s.regressionActive ? "active" : "inactive"}` +
    ` (${s.regressed} regressed); exported spans ${t.ok} ok/${t.failed} failed, comparisons ${l.ok} ok/${l.failed} failed` +
    (s.lastError ? `; last error: ${s.lastError}` : "")
  );
}
