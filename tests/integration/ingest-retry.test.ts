// Request retries must not double count (issue 11, item 2), against the real embedded ClickHouse:
// one request spans several tables; one commits, another fails, the sender retries the same
// request. The per-minute aggregates (request_minute, shadow_minute) and the judgment's feed must
// count it once.
import { describe, expect, it } from "vitest";
import { writerDb } from "@/clickhouse/client";
import { insertRows } from "@/clickhouse/queries/insert";
import type { JudgeFeedRow } from "@/clickhouse/queries/judgment";
import type { RawTable } from "@/clickhouse/rows";
import { Admission, DEFAULT_ADMISSION_OPTIONS } from "@/ingest/admission";
import { handleOtlp } from "@/ingest/http";
import { JudgeFeed } from "@/ingest/judge-feed";
import { IngestPipeline } from "@/ingest/pipeline";
import { BatchWriter } from "@/ingest/writer";
import { runtime } from "@/server/runtime/runtime";
import { rows, uniqueDeployment } from "@/testkit/db";

const N = 20;
const kv = (key: string, value: unknown) => ({ key, value });

function tracesBody(deployment: string, arm: "baseline" | "canary", ids: string[]): string {
  const now = BigInt(Date.now() - 2_000) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [kv("quantlens.deployment", { stringValue: deployment }), kv("quantlens.arm", { stringValue: arm }), kv("quantlens.quant.format", { stringValue: arm === "canary" ? "W4A16" : "bf16" })] },
      scopeSpans: [{
        spans: ids.map((id, i) => ({
          traceId: "5b8efff798038103d269b633813fc60c", spanId: (i + 1).toString(16).padStart(16, "0"), name: "inference",
          startTimeUnixNano: String(now), endTimeUnixNano: String(now + 120_000_000n),
          attributes: [kv("quantlens.request.id", { stringValue: id }), kv("quantlens.slice.language", { stringValue: "de" })],
          // The canary carries the shadow comparison as a span event: a second table in the same request.
          events: arm === "canary" ? [{ name: "quantlens.shadow_comparison", timeUnixNano: String(now + 120_000_000n), attributes: [kv("quantlens.shadow.exact_match", { boolValue: true }), kv("quantlens.shadow.token_agreement", { doubleValue: 0.9 })] }] : [],
        })),
      }],
    }],
  });
}

/** A pipeline over the real engine whose INSERTs can be made to fail, and a feed that records what it is offered. */
async function rig(opts: { failOnce?: RawTable; commitThenFailOnce?: RawTable } = {}) {
  await runtime(); // migrations, including 0009's deduplication windows
  const client = await writerDb();
  const failures = { ...opts };
  const writer = new BatchWriter(async (t, r) => {
    if (failures.failOnce === t) {
      failures.failOnce = undefined;
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8123"), { code: "ECONNREFUSED" });
    }
    await insertRows(client, t, r);
    if (failures.commitThenFailOnce === t) {
      // The INSERT was stored but its answer was lost (a reset connection to a server).
      failures.commitThenFailOnce = undefined;
      throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    }
  }, { maxBatchRows: 50_000, lingerMs: 5, maxQueuedRows: 100_000 });
  const fed: JudgeFeedRow[] = [];
  const feed = new JudgeFeed(async (r) => void fed.push(...r), { maxBatchRows: 10_000, lingerMs: 1, maxQueuedRows: 100_000 }, "test-writer");
  const pipeline = new IngestPipeline(writer, feed);
  const deps = { pipeline, maxBodyBytes: 16 << 20, admission: new Admission(DEFAULT_ADMISSION_OPTIONS), authorize: async () => true as const };
  const post = async (body: string) => {
    const res = await handleOtlp("traces", new Request("http://x/v1/traces", { method: "POST", headers: { "content-type": "application/json" }, body }), deps);
    return { status: res.status, retryAfter: res.headers.get("retry-after"), text: await res.text() };
  };
  return { post, fed, feed, writer, pipeline };
}

async function counts(d: string) {
  const [r] = await rows<{ total: number; canary: number }>(
    `SELECT toUInt32(sum(requests)) total, toUInt32(sumIf(requests, arm = 'canary')) canary FROM request_minute WHERE deployment = {d:String} AND dimension = '' AND value = ''`, { d });
  const [s] = await rows<{ n: number }>(`SELECT toUInt32(sum(pairs)) n FROM shadow_minute WHERE deployment = {d:String} AND dimension = ''`, { d });
  const [e] = await rows<{ n: number }>(`SELECT toUInt32(count()) n FROM inference_events WHERE deployment = {d:String}`, { d });
  const [c] = await rows<{ n: number }>(`SELECT toUInt32(count()) n FROM shadow_comparisons WHERE deployment = {d:String}`, { d });
  return { requests: r.total, canary: r.canary, shadowPairs: s.n, events: e.n, comparisons: c.n };
}

describe("retries count once", () => {
  it("a failure between two tables' INSERTs, then the sender's retry: aggregates and feed count each request once", async () => {
    const d = uniqueDeployment("retry");
    const ids = Array.from({ length: N }, (_, i) => `req-${i}`);
    const { post, fed, feed } = await rig({ failOnce: "shadow_comparisons" });
    const baseline = tracesBody(d, "baseline", ids);
    expect((await post(baseline)).status).toBe(200);
    const canary = tracesBody(d, "canary", ids);
    const first = await post(canary);
    expect(first.status).toBe(503); // inference_events committed, shadow_comparisons failed
    expect(first.retryAfter).toBeTruthy();
    expect(await counts(d)).toMatchObject({ canary: N, shadowPairs: 0 });
    const retry = await post(canary);
    expect(retry.status).toBe(200);
    // A response lost on the way: the sender sends both again.
    expect((await post(canary)).status).toBe(200);
    expect((await post(baseline)).status).toBe(200);
    expect(await counts(d)).toEqual({ requests: 2 * N, canary: N, shadowPairs: N, events: 2 * N, comparisons: N });
    await feed.close();
    const mine = fed.filter((r) => r.deployment === d);
    expect(mine.filter((r) => r.kind === "arms").map((r) => r.request_id).sort()).toEqual([...ids].sort());
    expect(mine.filter((r) => r.kind === "shadow").map((r) => r.request_id).sort()).toEqual([...ids].sort());
  });

  it("an INSERT stored whose answer was lost, retried after a restart (the digest gone): ClickHouse's insert token keeps it once", async () => {
    const d = uniqueDeployment("token");
    const ids = Array.from({ length: N }, (_, i) => `tok-${i}`);
    const body = tracesBody(d, "canary", ids);
    const before = await rig({ commitThenFailOnce: "inference_events" });
    expect((await before.post(body)).status).toBe(503);
    expect((await counts(d)).canary).toBe(N); // stored, though the sender was told to retry
    const after = await rig(); // a new process: new writer, no memory of the request
    // And its rows come out different this time (the slice's value cap filled up meanwhile, so
    // "de" now folds into __other__): ClickHouse's own content hash would not match; the token does.
    after.pipeline.sliceCap.seed(d, "language", Array.from({ length: 200 }, (_, i) => `other-${i}`));
    expect((await after.post(body)).status).toBe(200);
    expect(await counts(d)).toMatchObject({ canary: N, shadowPairs: N, events: N, comparisons: N });
  });
});
