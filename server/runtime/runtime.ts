// The process's runtime: database, migrations, keys, ingest writer and pipeline, admission,
// and the background workers. Started once (by server/runtime/start.ts in the server, or
// directly by scripts and tests) and shared through the process state.
import { closeDb, db, writerDb } from "@/clickhouse/client";
import { migrate } from "@/clickhouse/migrate";
import { insertRows } from "@/clickhouse/queries/insert";
import { knownManifests, knownSliceValues } from "@/clickhouse/queries/ingest-state";
import { insertFeedBatch } from "@/clickhouse/queries/judgment";
import type { Db } from "@/clickhouse/client";
import { Admission, DEFAULT_ADMISSION_OPTIONS } from "@/ingest/admission";
import { JudgeFeed } from "@/ingest/judge-feed";
import { IngestPipeline } from "@/ingest/pipeline";
import { BatchWriter } from "@/ingest/writer";
import { RateLimiter } from "@/lib/rate-limit";
import { KeyStore } from "@/server/services/key-store";
import type { Background } from "./background";
import { config, type Config } from "./config";
import { EventLoopMonitor } from "./event-loop";
import { processState } from "./process-state";

export interface Runtime {
  config: Config;
  keys: KeyStore;
  writer: BatchWriter;
  feed: JudgeFeed;
  admission: Admission;
  eventLoop: EventLoopMonitor;
  pipeline: IngestPipeline;
  /** OTLP requests per second per ingest key. */
  ingestLimiter: RateLimiter;
  /** The evaluator and the delivery worker, when this process runs them. */
  background: Background | null;
  startedAt: number;
}

const SLOW_INSERT_MS = 3_000;

async function start(): Promise<Runtime> {
  const cfg = config();
  const client = await database();
  const ingestClient = await writerDb();
  const writer = new BatchWriter(
    async (table, rows) => {
      const t0 = performance.now();
      await insertRows(ingestClient, table, rows);
      const ms = performance.now() - t0;
      // Slow INSERTs are what senders wait on: worth a line in the log.
      if (ms > SLOW_INSERT_MS) console.warn(`[ingest] INSERT of ${rows.length} rows into ${table} took ${(ms / 1000).toFixed(1)} s`);
    },
    { maxBatchRows: cfg.ingest.batchRows, lingerMs: cfg.ingest.lingerMs, maxQueuedRows: cfg.ingest.maxQueuedRows },
  );
  const feed = new JudgeFeed((rows) => insertFeedBatch(ingestClient, rows));
  const pipeline = new IngestPipeline(writer, feed);
  pipeline.seedManifests(await knownManifests(client));
  for (const s of await knownSliceValues(client)) pipeline.sliceCap.seed(s.deployment, s.dimension, s.values);
  const keys = new KeyStore();
  if (cfg.bootstrapKey) await keys.ensureBootstrap(cfg.bootstrapKey);
  const rps = cfg.ingest.requestsPerSecondPerKey;
  return {
    config: cfg,
    keys,
    writer,
    feed,
    admission: new Admission({ ...DEFAULT_ADMISSION_OPTIONS, targetLatencyMs: cfg.ingest.targetLatencyMs }),
    pipeline,
    ingestLimiter: new RateLimiter(rps, rps * 2),
    eventLoop: new EventLoopMonitor(),
    background: null,
    startedAt: Date.now(),
  };
}

/** The started runtime; the first call starts it (and a failed start is retried on the next). */
export function runtime(): Promise<Runtime> {
  const state = processState();
  state.runtime ??= start().catch((err) => {
    state.runtime = undefined;
    throw err;
  });
  return state.runtime;
}

/** The runtime if it has started, without starting it (e.g. for /api/health while it starts). */
export async function startedRuntime(): Promise<Runtime | null> {
  const p = processState().runtime;
  return p ? p.catch(() => null) : null;
}

/** The database, migrated (once per process): what services read and write through. */
export async function database(): Promise<Db> {
  const state = processState();
  state.migrated ??= (async () => {
    const result = await migrate(await db(), config().db);
    if (result.applied.length) console.log(`[quantlens] migrations applied: ${result.applied.join(", ")}`);
  })().catch((err) => {
    state.migrated = undefined;
    throw err;
  });
  await state.migrated;
  return db();
}

/** Wakes this process's delivery worker after an enqueue (no-op where none runs). */
export async function wakeDeliveries(): Promise<void> {
  (await startedRuntime())?.background?.worker.kick();
}

/** Asks this process's evaluator for a round now (no-op where none runs). */
export async function wakeEvaluator(): Promise<void> {
  (await startedRuntime())?.background?.evaluator.notify(true);
}

export async function stopRuntime(): Promise<void> {
  const state = processState();
  const p = state.runtime;
  state.runtime = undefined;
  state.migrated = undefined;
  const rt = p ? await p.catch(() => null) : null;
  if (rt?.background) await rt.background.stop();
  if (rt) {
    rt.background = null;
    rt.eventLoop.stop();
    await rt.writer.close();
    await rt.feed.close();
  }
  await closeDb();
}
