// The judgment's storage: the feed of request pairs (written by ingest, read by the evaluator
// in arrival order), the persisted verdicts, and the evaluator's checkpoints.
import type { Db } from "../client";
import { chTimeMs } from "../time";
import type { PairRecord } from "@/lib/judgment/records";
import type { Verdict } from "@/lib/judgment/types";

export interface JudgeFeedRow {
  writer: string;
  seq: number;
  deployment: string;
  kind: "shadow" | "arms";
  request_id: string;
  ts: string;
  slices: Record<string, string>;
  exact_match: 0 | 1;
  token_agreement: number;
  kl_divergence: number | null;
  score_baseline: number | null;
  score_canary: number | null;
  canary_manifest: string;
  fallback_baseline: 0 | 1;
  fallback_canary: 0 | 1;
  error_baseline: 0 | 1;
  error_canary: 0 | 1;
  latency_baseline_ms: number;
  latency_canary_ms: number;
}

const FEED_COLUMNS = [
  "writer", "seq", "deployment", "kind", "request_id", "ts", "slices", "exact_match", "token_agreement", "kl_divergence",
  "score_baseline", "score_canary", "canary_manifest", "fallback_baseline", "fallback_canary", "error_baseline", "error_canary",
  "latency_baseline_ms", "latency_canary_ms",
] as const satisfies readonly (keyof JudgeFeedRow)[];

/** One batch of one writer; the token makes a retried insert of the same batch count once. */
export async function insertFeedBatch(client: Db, rows: JudgeFeedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.insert({
    table: "judge_feed",
    values: rows.map((r) => FEED_COLUMNS.map((c) => r[c])),
    format: "JSONCompactEachRow",
    columns: [...FEED_COLUMNS],
    clickhouse_settings: { async_insert: 0, wait_for_async_insert: 1, insert_deduplicate: 1, insert_deduplication_token: `${rows[0].writer}:${rows[0].seq}` },
  });
}

/** A writer's batch as the evaluator reads it. */
export interface FeedBatch {
  writer: string;
  seq: number;
  /** Server time the batch was stored (epoch seconds). */
  created: number;
  records: PairRecord[];
}

type FeedTuple = [string, number, string, string, string, number, Record<string, string>, number, number, number | null, number | null, number | null, string, number, number, number, number, number, number, number];

function toRecord(t: FeedTuple): PairRecord {
  const [, , deployment, kind, requestId, ts, slices, exact, agreement, kl, sb, sc, manifest, fb, fc, eb, ec, lb, lc] = t;
  if (kind === "shadow") return { kind: "shadow", deployment, requestId, ts, slices, exact: exact === 1, agreement, kl, scoreBaseline: sb, scoreCanary: sc };
  return {
    kind: "arms",
    deployment,
    requestId,
    ts,
    slices,
    canaryManifest: manifest,
    baseline: { fallback: fb === 1, error: eb === 1, latencyMs: lb },
    canary: { fallback: fc === 1, error: ec === 1, latencyMs: lc },
  };
}

/**
 * Batches after the cursor (writer → last seq read), stored since `sinceSeconds`, in (writer,
 * seq) order. At most about `limit` rows: a batch cut by the limit is left for the next read.
 */
export async function readFeed(client: Db, cursor: Record<string, number>, sinceSeconds: number, limit: number): Promise<{ batches: FeedBatch[]; truncated: boolean }> {
  const r = await client.query({
    query: `SELECT writer, seq, deployment, kind, request_id, toUnixTimestamp64Milli(ts), slices, exact_match, token_agreement,
                   kl_divergence, score_baseline, score_canary, canary_manifest, fallback_baseline, fallback_canary,
                   error_baseline, error_canary, latency_baseline_ms, latency_canary_ms, toUnixTimestamp(created_at)
            FROM judge_feed
            WHERE created_at >= toDateTime({since:UInt32}) AND seq > {cursor:Map(String, UInt64)}[writer]
            ORDER BY writer, seq
            LIMIT {limit:UInt32}`,
    query_params: { since: Math.max(0, Math.floor(sinceSeconds)), cursor, limit: limit + 1 },
    format: "JSONCompactEachRow",
  });
  const rows = await r.json<FeedTuple>();
  const truncated = rows.length > limit;
  if (truncated) {
    // Drop the last (possibly partial) batch.
    const last = rows[rows.length - 1];
    while (rows.length && rows[rows.length - 1][0] === last[0] && rows[rows.length - 1][1] === last[1]) rows.pop();
  }
  const batches: FeedBatch[] = [];
  for (const t of rows) {
    const b = batches.at(-1);
    if (b && b.writer === t[0] && b.seq === Number(t[1])) b.records.push(toRecord(t));
    else batches.push({ writer: t[0], seq: Number(t[1]), created: Number(t[19]), records: [toRecord(t)] });
  }
  return { batches, truncated };
}

export interface VerdictRow {
  deployment: string;
  evaluated_at: string;
  epoch: number;
  policy_version: number;
  status: string;
  since: string;
  reason_code: string;
  reason: string;
  worst_dimension: string;
  worst_value: string;
  worst_metric: string;
  failing: number;
}

export async function putVerdicts(client: Db, verdicts: Verdict[]): Promise<void> {
  if (verdicts.length === 0) return;
  await client.insert({
    table: "verdicts",
    format: "JSONEachRow",
    values: verdicts.map((v) => ({
      deployment: v.deployment,
      evaluated_at: chTimeMs(Date.parse(v.evaluatedAt)),
      epoch: v.epoch.id,
      policy_version: v.policy.version,
      status: v.status,
      since: chTimeMs(Date.parse(v.since)),
      reason_code: v.reason.code,
      reason: v.reason.text.slice(0, 2000),
      worst_dimension: v.worstCell?.dimension ?? "",
      worst_value: v.worstCell?.value ?? "",
      worst_metric: v.worstCell?.metric ?? "",
      failing: v.cells.reduce((n, c) => n + c.checks.filter((k) => k.status === "fail").length, 0),
      body: JSON.stringify(v),
    })),
  });
}

/** The newest verdict of a deployment at or before `at` (epoch ms; default: now). */
export async function verdictAt(client: Db, deployment: string, at?: number): Promise<Verdict | null> {
  const r = await client.query({
    query: `SELECT body FROM verdicts
            WHERE deployment = {d:String} AND verdicts.evaluated_at <= {at:DateTime64(3, 'UTC')}
            ORDER BY verdicts.evaluated_at DESC LIMIT 1`,
    query_params: { d: deployment, at: chTimeMs(at ?? Date.now() + 60_000) },
    format: "JSONEachRow",
  });
  const [row] = await r.json<{ body: string }>();
  return row ? (JSON.parse(row.body) as Verdict) : null;
}

/** The newest verdict of every deployment (the overview). */
export async function latestVerdicts(client: Db): Promise<Verdict[]> {
  const r = await client.query({
    query: "SELECT argMax(body, evaluated_at) AS body FROM verdicts GROUP BY deployment",
    format: "JSONEachRow",
  });
  return (await r.json<{ body: string }>()).map((x) => JSON.parse(x.body) as Verdict);
}

/** The verdicts of a range, newest first, without their cells (the timeline). */
export async function verdictHistory(client: Db, deployment: string, from: number, to: number, limit = 500): Promise<VerdictRow[]> {
  const r = await client.query({
    query: `SELECT deployment, toString(evaluated_at) AS evaluated_at, epoch, policy_version, status, toString(since) AS since,
                   reason_code, reason, worst_dimension, worst_value, worst_metric, failing
            FROM verdicts
            WHERE deployment = {d:String}
              AND verdicts.evaluated_at >= {from:DateTime64(3, 'UTC')} AND verdicts.evaluated_at <= {to:DateTime64(3, 'UTC')}
            ORDER BY verdicts.evaluated_at DESC LIMIT {limit:UInt32}`,
    query_params: { d: deployment, from: chTimeMs(from), to: chTimeMs(to), limit },
    format: "JSONEachRow",
  });
  return r.json<VerdictRow>();
}

let stateVersion = 0;

/** A checkpoint: every row in one INSERT (one block, so it lands whole or not at all). */
export async function saveEvaluatorStates(client: Db, rows: { deployment: string; state: string }[]): Promise<void> {
  if (rows.length === 0) return;
  // Strictly increasing versions, also within one millisecond.
  stateVersion = Math.max(stateVersion + 1, Date.now() * 1000);
  const version = stateVersion;
  const updated = chTimeMs(Date.now());
  await client.insert({
    table: "evaluator_state",
    format: "JSONEachRow",
    values: rows.map((r) => ({ deployment: r.deployment, state: r.state, updated_at: updated, version })),
  });
}
