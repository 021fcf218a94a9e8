// The judgment's feed: once a request's rows are durable, its shadow comparisons and its
// completed arm pairs are queued here and written to judge_feed in numbered batches, one at a
// time, so the evaluator can read every batch exactly once and in order (docs/policy.md).
// The feed is derived data: a sender's acknowledgement never waits for it. Bounded: past
// `maxQueuedRows` the oldest queued rows are dropped and counted (they stay in the raw tables).
import os from "node:os";
import type { InferenceEventRow, ShadowComparisonRow } from "@/clickhouse/rows";
import { parseChTime } from "@/clickhouse/time";
import type { JudgeFeedRow } from "@/clickhouse/queries/judgment";
import { ArmPairing, type PairedArms, type PairingStats } from "./pairing";

export interface FeedOptions {
  /** Rows per batch at most. */
  maxBatchRows: number;
  /** How long the first queued row waits for company. */
  lingerMs: number;
  maxQueuedRows: number;
}

export const DEFAULT_FEED_OPTIONS: FeedOptions = { maxBatchRows: 20_000, lingerMs: 20, maxQueuedRows: 500_000 };

export interface FeedStats {
  writer: string;
  /** Batches written; the last batch number. */
  batches: number;
  queuedRows: number;
  droppedRows: number;
  failedInserts: number;
  pairing: PairingStats;
}

type Row = Omit<JudgeFeedRow, "writer" | "seq">;

const BLANK_ARMS = { canary_manifest: "", fallback_baseline: 0, fallback_canary: 0, error_baseline: 0, error_canary: 0, latency_baseline_ms: 0, latency_canary_ms: 0 } as const;
const BLANK_SHADOW = { exact_match: 0, token_agreement: 0, kl_divergence: null, score_baseline: null, score_canary: null } as const;

/** This process's writer id: host, process and start time, so a restart is a new writer. */
export const WRITER_ID = `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`;

export class JudgeFeed {
  readonly pairing = new ArmPairing();
  private queue: Row[] = [];
  private seq = 0;
  private inFlight = false;
  private timer: NodeJS.Timeout | null = null;
  private dropped = 0;
  private failed = 0;
  private retryMs = 0;
  private listeners: ((deployments: string[]) => void)[] = [];

  constructor(
    private readonly insert: (rows: JudgeFeedRow[]) => Promise<void>,
    private readonly opts: FeedOptions = DEFAULT_FEED_OPTIONS,
    readonly writer: string = WRITER_ID,
  ) {}

  /** Called after each stored batch, with its deployments (the evaluator listens). */
  onStored(fn: (deployments: string[]) => void): void {
    this.listeners.push(fn);
  }

  /** Rows that are durable now; `manifests[i]` is the fingerprint of events[i]'s arm. */
  offer(events: readonly InferenceEventRow[], manifests: readonly string[], shadow: readonly ShadowComparisonRow[], now = Date.now()): void {
    for (const s of shadow) {
      this.queue.push({
        deployment: s.deployment,
        kind: "shadow",
        request_id: s.request_id,
        ts: s.ts.slice(0, 23),
        slices: s.slices,
        exact_match: s.exact_match,
        token_agreement: s.token_agreement,
        kl_divergence: s.kl_divergence,
        score_baseline: s.score_baseline,
        score_canary: s.score_canary,
        ...BLANK_ARMS,
      });
    }
    events.forEach((e, i) => {
      if (!e.request_id || (e.arm !== "baseline" && e.arm !== "canary")) return;
      const pair = this.pairing.add(
        {
          deployment: e.deployment,
          requestId: e.request_id,
          arm: e.arm,
          ts: parseChTime(e.ts.slice(0, 23)),
          slices: e.slices,
          manifest: manifests[i] ?? "",
          result: { fallback: e.is_fallback === 1, error: e.is_error === 1, latencyMs: e.latency_ms },
        },
        now,
      );
      if (pair) this.queue.push(armsRow(pair, e.ts.slice(0, 23)));
    });
    if (this.queue.length > this.opts.maxQueuedRows) {
      const over = this.queue.length - this.opts.maxQueuedRows;
      this.queue.splice(0, over);
      this.dropped += over;
    }
    this.schedule();
  }

  stats(): FeedStats {
    return { writer: this.writer, batches: this.seq, queuedRows: this.queue.length, droppedRows: this.dropped, failedInserts: this.failed, pairing: this.pairing.stats() };
  }

  /** Writes what is queued (bounded by `timeoutMs`) and stops. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const until = Date.now() + timeoutMs;
    while ((this.queue.length || this.inFlight) && Date.now() < until) {
      if (!this.inFlight) void this.flush();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private schedule(): void {
    if (this.inFlight || this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.queue.length >= this.opts.maxBatchRows ? 0 : this.retryMs || this.opts.lingerMs);
  }

  private pendingBatch: JudgeFeedRow[] | null = null;

  private async flush(): Promise<void> {
    if (this.inFlight) return;
    // A failed batch is retried whole, with the same number, before anything newer.
    let batch = this.pendingBatch;
    if (!batch) {
      if (this.queue.length === 0) return;
      const rows = this.queue.splice(0, this.opts.maxBatchRows);
      const seq = ++this.seq;
      batch = rows.map((r) => ({ ...r, writer: this.writer, seq }));
      this.pendingBatch = batch;
    }
    this.inFlight = true;
    try {
      await this.insert(batch);
      this.pendingBatch = null;
      this.retryMs = 0;
      const deployments = [...new Set(batch.map((r) => r.deployment))];
      for (const fn of this.listeners) fn(deployments);
    } catch (err) {
      this.failed++;
      this.retryMs = Math.min(30_000, Math.max(500, this.retryMs * 2));
      if (this.failed === 1 || this.failed % 20 === 0) console.warn(`[judge-feed] batch ${batch[0].seq} not stored (${(err as Error).message.slice(0, 200)}); retrying in ${this.retryMs} ms`);
    } finally {
      this.inFlight = false;
      if (this.pendingBatch && !this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.flush();
        }, this.retryMs);
      } else this.schedule();
    }
  }
}

function armsRow(p: PairedArms, ts: string): Row {
  return {
    deployment: p.deployment,
    kind: "arms",
    request_id: p.requestId,
    ts,
    slices: p.slices,
    ...BLANK_SHADOW,
    canary_manifest: p.canaryManifest,
    fallback_baseline: p.baseline.fallback ? 1 : 0,
    fallback_canary: p.canary.fallback ? 1 : 0,
    error_baseline: p.baseline.error ? 1 : 0,
    error_canary: p.canary.error ? 1 : 0,
    latency_baseline_ms: p.baseline.latencyMs,
    latency_canary_ms: p.canary.latencyMs,
  };
}
