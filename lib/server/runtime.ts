// The process's long-lived services: database, migrations, keys, ingest writer. Started once
// (from instrumentation.ts in the server, or directly by scripts and tests) and shared.
import { closeDb, db, dbConfig, writerDb } from "@/clickhouse/client";
import { migrate } from "@/clickhouse/migrate";
import { insertRows } from "@/clickhouse/queries/insert";
import { knownManifests, knownSliceValues } from "@/clickhouse/queries/ingest-state";
import { IngestPipeline } from "@/ingest/pipeline";
import { JudgeFeed } from "@/ingest/judge-feed";
import { insertFeedBatch } from "@/clickhouse/queries/judgment";
import { Admission, DEFAULT_ADMISSION_OPTIONS } from "@/ingest/admission";
import { BatchWriter, DEFAULT_WRITER_OPTIONS, type WriterOptions } from "@/ingest/writer";
import { KeyStore } from "./key-store";
import { EventLoopMonitor } from "./event-loop";

export interface Runtime {
  keys: KeyStore;
  writer: BatchWriter;
  feed: JudgeFeed;
  admission: Admission;
  eventLoop: EventLoopMonitor;
  pipeline: IngestPipeline;
  startedAt: number;
  maxBodyBytes: number;
}

interface Holder {
  runtime?: Promise<Runtime>;
  hooks: ((rt: Runtime) => Promise<void> | void)[];
  stops: (() => Promise<void> | void)[];
}
const holder: Holder = ((globalThis as Record<string, unknown>).__quantlensRuntime ??= { hooks: [], stops: [] }) as Holder;

const SLOW_INSERT_MS = 3_000;

function numberEnv(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function writerOptions(): WriterOptions {
  return {
    maxBatchRows: numberEnv("QUANTLENS_BATCH_ROWS", DEFAULT_WRITER_OPTIONS.maxBatchRows),
    lingerMs: numberEnv("QUANTLENS_BATCH_LINGER_MS", DEFAULT_WRITER_OPTIONS.lingerMs),
    maxQueuedRows: numberEnv("QUANTLENS_MAX_QUEUED_ROWS", DEFAULT_WRITER_OPTIONS.maxQueuedRows),
  };
}

async function start(): Promise<Runtime> {
  const client = await db();
  const result = await migrate(client, dbConfig());
  if (result.applied.length) console.log(`[quantlens] migrations applied: ${result.applied.join(", ")}`);
  const ingestClient = await writerDb();
  const writer = new BatchWriter(async (table, rows) => {
    const t0 = performance.now();
    await insertRows(ingestClient, table, rows);
    const ms = performance.now() - t0;
    // Slow INSERTs are what senders wait on: worth a line in the log.
    if (ms > SLOW_INSERT_MS) console.warn(`[ingest] INSERT of ${rows.length} rows into ${table} took ${(ms / 1000).toFixed(1)} s`);
  }, writerOptions());
  const feed = new JudgeFeed((rows) => insertFeedBatch(ingestClient, rows));
  const pipeline = new IngestPipeline(writer, feed);
  pipeline.seedManifests(await knownManifests(client));
  for (const s of await knownSliceValues(client)) pipeline.sliceCap.seed(s.deployment, s.dimension, s.values);
  const keys = new KeyStore();
  if (process.env.QUANTLENS_BOOTSTRAP_KEY) await keys.ensureBootstrap(process.env.QUANTLENS_BOOTSTRAP_KEY.trim());
  const rt: Runtime = {
    keys,
    writer,
    feed,
    admission: new Admission({ ...DEFAULT_ADMISSION_OPTIONS, targetLatencyMs: numberEnv("QUANTLENS_INGEST_TARGET_LATENCY_MS", DEFAULT_ADMISSION_OPTIONS.targetLatencyMs) }),
    pipeline,
    eventLoop: new EventLoopMonitor(),
    startedAt: Date.now(),
    maxBodyBytes: numberEnv("QUANTLENS_MAX_BODY_BYTES", 16 * 1024 * 1024),
  };
  for (const hook of holder.hooks) await hook(rt);
  return rt;
}

/** The started runtime; the first call starts it. */
export function runtime(): Promise<Runtime> {
  holder.runtime ??= start().catch((err) => {
    holder.runtime = undefined;
    throw err;
  });
  return holder.runtime;
}

/** Runs `hook` when the runtime starts (background services register here). */
export function onRuntimeStart(hook: (rt: Runtime) => Promise<void> | void, stop?: () => Promise<void> | void): void {
  holder.hooks.push(hook);
  if (stop) holder.stops.push(stop);
}

export async function stopRuntime(): Promise<void> {
  const p = holder.runtime;
  holder.runtime = undefined;
  for (const s of holder.stops) await s();
  if (p) {
    const rt = await p.catch(() => null);
    rt?.eventLoop.stop();
    if (rt) await rt.writer.close();
    if (rt) await rt.feed.close();
  }
  await closeDb();
}
