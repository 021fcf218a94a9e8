// One OTLP sender must never fail another sender's writes (issue 11, item 1), against the real
// embedded ClickHouse. First the writer alone with rows the engine refuses (bypassing the
// pipeline's validation, as an unknown trigger would): only the request that holds them is
// refused. Then over HTTP, the known triggers from one key while another key sends good traffic.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writerDb } from "@/clickhouse/client";
import { insertRows } from "@/clickhouse/queries/insert";
import type { InferenceEventRow, TableRows } from "@/clickhouse/rows";
import { chTimeMs } from "@/clickhouse/time";
import { BatchWriter, isWriteRejected, type WriteRejected } from "@/ingest/writer";
import { runtime } from "@/server/runtime/runtime";
import { GET as health } from "@/app/api/health/route";
import { CardinalityNotice } from "@/app/deployments/_components/notices";
import { renderToStaticMarkup } from "react-dom/server";
import { startIngestServer, type TestServer } from "@/testkit/http-server";
import { createKey } from "@/testkit/keys";
import { rows, uniqueDeployment } from "@/testkit/db";

const DAY = 86_400_000;
const settle = <T,>(p: Promise<T>) => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));

function event(deployment: string, id: string, ts: string, over: Partial<InferenceEventRow> = {}): InferenceEventRow {
  return {
    deployment, arm: "canary", ts, request_id: id, trace_id: "", span_id: "", service: "s", span_name: "inference", model: "", latency_ms: 10, ttft_ms: null,
    is_error: 0, is_fallback: 0, fallback_reason: "", input_tokens: 0, output_tokens: 0, status_message: "", slices: {}, features: {}, attributes: {}, resource_attributes: {}, ...over,
  };
}
const nowTs = () => `${chTimeMs(Date.now() - 1000)}000000`;
async function storedIds(deployment: string): Promise<string[]> {
  return (await rows<{ request_id: string }>(`SELECT request_id FROM inference_events WHERE deployment = {d:String} ORDER BY request_id`, { d: deployment })).map((r) => r.request_id);
}

describe("the writer against chdb: a refused request is isolated, the rest are committed", () => {
  it("lone surrogate, timestamp past 2262 and 101 days in one request: each refused alone (400 class), naming the problem", async () => {
    await runtime(); // migrations
    const client = await writerDb();
    const w = new BatchWriter((t, r) => insertRows(client, t, r), { maxBatchRows: 50_000, lingerMs: 30, maxQueuedRows: 100_000 });
    const d = uniqueDeployment("isolate");
    const good = (i: number): Partial<TableRows> => ({ inference_events: [event(d, `good-${i}`, nowTs())] });
    const poisoned: [string, Partial<TableRows>, RegExp][] = [
      ["surrogate", { inference_events: [event(d, "bad-surrogate", nowTs(), { status_message: "x\ud800y" })] }, /surrogate pair/],
      ["2263", { inference_events: [event(d, "bad-2263", "2263-01-01 00:00:00.000000000")] }, /Decimal math overflow/],
      ["101 days", { inference_events: Array.from({ length: 101 }, (_, k) => event(d, `bad-days-${k}`, `${chTimeMs(Date.now() - k * DAY)}000000`)) }, /Too many partitions/],
    ];
    const writes = [
      ...Array.from({ length: 5 }, (_, i) => settle(w.write(good(i)))),
      ...poisoned.map(([, r]) => settle(w.write(r))),
      ...Array.from({ length: 5 }, (_, i) => settle(w.write(good(5 + i)))),
    ];
    const results = await Promise.all(writes);
    for (const r of [...results.slice(0, 5), ...results.slice(8)]) expect(r.ok).toBe(true);
    poisoned.forEach(([label, , message], i) => {
      const r = results[5 + i];
      expect(r.ok, label).toBe(false);
      expect(isWriteRejected((r as { e: unknown }).e), label).toBe(true);
      expect(((r as { e: WriteRejected }).e).message, label).toMatch(message);
    });
    expect(await storedIds(d)).toEqual(Array.from({ length: 10 }, (_, i) => `good-${i}`).sort());
    expect(w.getStats().rejectedRequests).toBe(3);
  });

  it("requests of 30 days each, merged, are split by day: 300 days from 10 senders all stored", async () => {
    const client = await writerDb();
    const inserts: number[] = [];
    const w = new BatchWriter(async (t, r) => {
      inserts.push(new Set((r as InferenceEventRow[]).map((e) => e.ts.slice(0, 10))).size);
      await insertRows(client, t, r);
    }, { maxBatchRows: 50_000, lingerMs: 30, maxQueuedRows: 100_000 });
    const d = uniqueDeployment("days");
    const results = await Promise.all(Array.from({ length: 10 }, (_, k) => settle(w.write({
      inference_events: Array.from({ length: 30 }, (_, j) => event(d, `r-${k}-${j}`, `${chTimeMs(Date.now() - (k * 30 + j) * DAY)}000000`)),
    }))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await storedIds(d)).length).toBe(300);
    expect(Math.max(...inserts)).toBeLessThanOrEqual(64);
  });
});

describe("over HTTP: known triggers from one key, good traffic from another", () => {
  let server: TestServer;
  let evilKey: string;
  let goodKey: string;
  beforeAll(async () => {
    server = await startIngestServer();
    evilKey = await createKey(["ingest"], "evil");
    goodKey = await createKey(["ingest"], "good");
  });
  afterAll(async () => server?.close());

  const post = async (key: string, body: string) => {
    const res = await fetch(`${server.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  const span = (id: string, ms: number, attrs: { key: string; value: unknown }[] = [], over: Record<string, unknown> = {}) => ({
    traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "inference",
    startTimeUnixNano: String(BigInt(Math.round(ms)) * 1_000_000n), endTimeUnixNano: String(BigInt(Math.round(ms) + 50) * 1_000_000n),
    attributes: [{ key: "quantlens.request.id", value: { stringValue: id } }, ...attrs], ...over,
  });
  // JSON text written by hand so lone surrogates arrive as the escapes a sender would write.
  const body = (deployment: string, spans: unknown[]) =>
    JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: deployment } }, { key: "quantlens.arm", value: { stringValue: "canary" } }] }, scopeSpans: [{ spans }] }] });

  it("the other key's every request is answered 200 and stored; the hostile ones get 200 with partial_success, never 5xx", async () => {
    const good = uniqueDeployment("good");
    const evil = uniqueDeployment("evil");
    const now = Date.now();
    const hostile = [
      body(evil, [span("s1", now, [{ key: "note", value: { stringValue: "a\ud800b" } }])]),
      body(evil, [span("s2", now, [{ key: "k\udc00", value: { stringValue: "v" } }], { name: "n\ud800" })]),
      body(evil, [span("s3", now, [{ key: "long", value: { stringValue: "x".repeat(4095) + "😀tail" } }])]),
      body(evil, [span("t1", Date.UTC(2263, 0, 1))]),
      body(evil, [span("t2", Date.UTC(2100, 0, 1))]),
      body(evil, [span("t3", 1)]),
      body(evil, Array.from({ length: 101 }, (_, k) => span(`days-${k}`, now - k * DAY))),
      body(evil, [span("nul", now, [{ key: "n\u0000ul", value: { stringValue: "a\u0000b" } }])]),
    ];
    const goods: string[] = [];
    const answers = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => {
        const ids = [`g-${i}-a`, `g-${i}-b`];
        goods.push(...ids);
        return post(goodKey, body(good, ids.map((id) => span(id, now - 500))));
      }),
      ...hostile.flatMap((b) => [post(evilKey, b), post(evilKey, b)]),
    ]);
    const goodAnswers = answers.slice(0, 40);
    expect(goodAnswers.map((a) => a.status)).toEqual(goodAnswers.map(() => 200));
    for (const a of goodAnswers) expect(a.json.partialSuccess).toBeUndefined();
    expect(await storedIds(good)).toEqual([...goods].sort());
    for (const a of answers.slice(40)) expect(a.status).toBeLessThan(500);
    // The hostile records that are valid after normalisation are stored, with U+FFFD.
    const stored = await rows<{ request_id: string; name: string; note: string }>(
      `SELECT request_id, span_name AS name, attributes['note'] AS note FROM inference_events WHERE deployment = {d:String} ORDER BY request_id`, { d: evil });
    expect(stored.find((r) => r.request_id === "s1")?.note).toBe("a\ufffdb");
    expect(stored.find((r) => r.request_id === "s2")?.name).toBe("n\ufffd");
    expect(stored.map((r) => r.request_id)).not.toContain("t1");
    expect(stored.map((r) => r.request_id)).not.toContain("t2");
    expect(stored.filter((r) => r.request_id.startsWith("days-")).length).toBe(30); // k = 0..29: the 30th day back is just past the bound
  });

  it("folded cardinality shows in /api/health (counts, no names) and in the deployment page's notice", async () => {
    const d = uniqueDeployment("dims");
    const now = Date.now();
    const spans = Array.from({ length: 40 }, (_, i) => span(`dim-${i}`, now - 500, [{ key: `quantlens.slice.secret_dim_${i}`, value: { stringValue: "v" } }]));
    const res = await post(goodKey, body(d, spans));
    expect(res.status).toBe(200);
    expect(res.json.partialSuccess.errorMessage).toMatch(/left out of slices/);
    const h = await (await health()).json();
    expect(h.cardinality.limits).toEqual({ valuesPerDimension: 200, dimensionsPerDeployment: 32, featuresPerDeployment: 32 });
    expect(h.cardinality.slices.droppedDimensions).toBeGreaterThanOrEqual(8);
    expect(h.cardinality.slices.deploymentsAtDimensionCap).toBeGreaterThanOrEqual(1);
    expect(h.cardinality.cumulative).toMatchObject({ series: expect.any(Number), refused: expect.any(Number) });
    expect(h.ingest).toMatchObject({ rejectedRequests: expect.any(Number), duplicateRequests: expect.any(Number), replacedStrings: expect.any(Number) });
    const text = JSON.stringify(h);
    expect(text).not.toContain("secret_dim");
    expect(text).not.toContain(d);
    const html = renderToStaticMarkup((await CardinalityNotice({ deployment: d }))!);
    expect(html).toContain('data-testid="cardinality-notice"');
    expect(html).toContain("8 slice values were left out of the slices: their dimension came after the first 32 dimension names");
    expect(await CardinalityNotice({ deployment: uniqueDeployment("quiet") })).toBeNull();
  });
});
