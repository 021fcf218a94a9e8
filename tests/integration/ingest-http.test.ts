// OTLP/HTTP behaviour over a real socket: official example payloads, content types, limits,
// auth, and the bad-input list. Valid records in a request with bad ones must still be stored.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIngestServer, type TestServer } from "@/testkit/http-server";
import { createKey } from "@/testkit/keys";
import { rows, uniqueDeployment } from "@/testkit/db";

let server: TestServer;
let key: string;
let readOnlyKey: string;

beforeAll(async () => {
  server = await startIngestServer();
  key = await createKey(["ingest"]);
  readOnlyKey = await createKey(["read"]);
});
afterAll(async () => server?.close());

const EXAMPLES = path.join(process.cwd(), "tests", "fixtures", "otlp");

async function post(signal: string, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/v1/${signal}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body,
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* protobuf or text */
  }
  return { status: res.status, headers: res.headers, text, json };
}

function span(i: number, extra: Record<string, unknown>[] = [], over: Record<string, unknown> = {}) {
  return {
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: (i + 1).toString(16).padStart(16, "0"),
    name: "inference",
    kind: 2,
    startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
    endTimeUnixNano: String(BigInt(Date.now() - 900) * 1_000_000n),
    attributes: [
      { key: "quantlens.request.id", value: { stringValue: `r${i}` } },
      { key: "quantlens.slice.language", value: { stringValue: "en" } },
      ...extra,
    ],
    ...over,
  };
}

function traces(deployment: string, spans: unknown[], arm = "canary") {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: "svc" } },
            { key: "quantlens.deployment", value: { stringValue: deployment } },
            { key: "quantlens.arm", value: { stringValue: arm } },
          ],
        },
        scopeSpans: [{ scope: { name: "t" }, spans }],
      },
    ],
  });
}

async function storedSpans(deployment: string): Promise<string[]> {
  const r = await rows<{ request_id: string }>(`SELECT request_id FROM inference_events WHERE deployment = {d:String} ORDER BY request_id`, { d: deployment });
  return r.map((x) => x.request_id);
}

/** An example payload with every *UnixNano moved by the same amount, so its first time is now. */
function shiftedToNow(text: string): string {
  const doc = JSON.parse(text);
  let first: bigint | null = null;
  const times: [Record<string, unknown>, string][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k.endsWith("UnixNano") && typeof x === "string" && x !== "0") {
          times.push([v as Record<string, unknown>, k]);
          if (first === null || BigInt(x) < first) first = BigInt(x);
        } else walk(x);
      }
    }
  };
  walk(doc);
  const shift = BigInt(Date.now() - 60_000) * 1_000_000n - (first ?? 0n);
  for (const [o, k] of times) o[k] = String(BigInt(o[k] as string) + shift);
  return JSON.stringify(doc);
}

describe("official OTLP example payloads", () => {
  // The examples are dated 2018-12-13: moved to now, since records outside the accepted time
  // range are rejected (next test).
  it.each([
    ["traces", "trace.json", `SELECT toUInt32(count()) n FROM inference_events WHERE deployment = 'my.service' AND span_id = 'eee19b7ec3c1b174'`],
    ["logs", "logs.json", `SELECT toUInt32(count()) n FROM otel_logs WHERE deployment = 'my.service' AND body = 'Example log record'`],
    ["logs", "events.json", `SELECT toUInt32(count()) n FROM otel_logs WHERE deployment = 'my.service' AND event_name = 'browser.page_view'`],
    ["metrics", "metrics.json", `SELECT toUInt32(count()) n FROM otel_metrics WHERE deployment = 'my.service' AND name = 'my.counter'`],
  ])("accepts %s from %s and stores its records", async (signal, file, check) => {
    const before = (await rows<{ n: number }>(check))[0].n;
    const res = await post(signal, shiftedToNow(fs.readFileSync(path.join(EXAMPLES, file), "utf8")));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.json.partialSuccess).toBeUndefined();
    const after = (await rows<{ n: number }>(check))[0].n;
    expect(after).toBeGreaterThan(before);
  });

  it("stores every metric of metrics.json", async () => {
    const names = await rows<{ name: string }>(`SELECT DISTINCT name FROM otel_metrics WHERE deployment = 'my.service' ORDER BY name`);
    expect(names.map((n) => n.name)).toEqual(["my.counter", "my.exponential.histogram", "my.gauge", "my.histogram"]);
  });

  it.each([
    ["traces", "trace.json", "rejectedSpans", "1", /startTimeUnixNano 2018-12-13T14:51:00Z is outside the accepted time range .* \(at most 30 days old, 10 minutes ahead/],
    ["logs", "logs.json", "rejectedLogRecords", "1", /timeUnixNano 2018-12-13T14:51:00Z is outside the accepted time range/],
    ["metrics", "metrics.json", "rejectedDataPoints", "4", /timeUnixNano 2018-12-13T14:51:00Z is outside the accepted time range/],
  ])("rejects the %s of %s as sent (2018) per record, naming the field and the range", async (signal, file, field, n, message) => {
    const res = await post(signal, fs.readFileSync(path.join(EXAMPLES, file)));
    expect(res.status).toBe(200);
    expect(res.json.partialSuccess[field]).toBe(n);
    expect(res.json.partialSuccess.errorMessage).toMatch(message);
  });
});

describe("transport", () => {
  it("accepts gzip and answers protobuf requests with a protobuf response", async () => {
    const d = uniqueDeployment("gzip");
    const res = await post("traces", zlib.gzipSync(traces(d, [span(1)])), { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(await storedSpans(d)).toEqual(["r1"]);
    const pb = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" },
      body: new Uint8Array(0),
    });
    expect(pb.status).toBe(200);
    expect(pb.headers.get("content-type")).toBe("application/x-protobuf");
  });

  it("accepts a chunked body without Content-Length", async () => {
    const d = uniqueDeployment("chunked");
    const payload = Buffer.from(traces(d, [span(1), span(2)]));
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < payload.length; i += 100) c.enqueue(payload.subarray(i, i + 100));
        c.close();
      },
    });
    const res = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(await storedSpans(d)).toEqual(["r1", "r2"]);
  });

  it("401 without a key, with a wrong key, and with a key lacking the ingest scope", async () => {
    for (const auth of [undefined, "Bearer nope", "Bearer ql_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", `Bearer ${readOnlyKey}`]) {
      const res = await fetch(`${server.url}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
        body: "{}",
      });
      expect(res.status).toBe(401);
      expect(await res.text()).toMatch(/API key/);
    }
  });

  it("415 for other content types, naming the accepted ones", async () => {
    const res = await post("traces", "x", { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(res.text).toMatch(/application\/x-protobuf or application\/json/);
  });

  it("413 over the size limit, and for a gzip bomb", async () => {
    const big = await post("traces", Buffer.alloc(17 * 1024 * 1024, 32));
    expect(big.status).toBe(413);
    // 64 MiB of zeros compresses to about 64 KB; it must be refused without being inflated.
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const res = await post("traces", bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(res.json.message).toMatch(/decompressed body exceeds/);
  });
});

describe("bad input", () => {
  it("400 for garbage bytes, truncated protobuf and broken JSON, naming the problem", async () => {
    const garbage = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" },
      body: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]),
    });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toMatch(/cannot decode traces request/);
    // Field 1 (resource_spans) announces 32 bytes, then the body ends after 10.
    const truncated = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" },
      body: Buffer.from([0x0a, 0x20, 0x0a, 0x1e, 0x0a, 0x1c, 0x0a, 0x0c, 0x73, 0x65, 0x72, 0x76]),
    });
    expect(truncated.status).toBe(400);
    const json = await post("traces", "{not json");
    expect(json.status).toBe(400);
    expect(json.json.message).toMatch(/cannot decode/);
  });

  it("rejects bad records with partial_success and keeps the good ones", async () => {
    const d = uniqueDeployment("bad");
    const bad = [
      span(1), // good
      span(2, [], { traceId: "abc" }), // id of the wrong length
      span(3, [], { spanId: 12 }), // wrong type
      span(4, [], { endTimeUnixNano: "1" }), // negative latency
      span(5, [{ key: "quantlens.slice.language", value: { stringValue: "x".repeat(100_000) } }]), // 100 KB slice value
      span(6, [{ key: "quantlens.input.prompt_tokens", value: { stringValue: "NaN" } }]), // NaN feature
      span(7, [{ key: "quantlens.slice.x'); DROP TABLE inference_events; --", value: { stringValue: "v" } }]), // SQL in a dimension
      span(8, [{ key: "quantlens.fallback", value: { stringValue: "perhaps" } }]), // wrong type
      span(9, [{ key: "x'); DROP TABLE inference_events; --", value: { stringValue: "'; SELECT 1; --" } }]), // SQL as data: kept
      span(10),
    ];
    const res = await post("traces", traces(d, bad));
    expect(res.status).toBe(200);
    expect(res.json.partialSuccess.rejectedSpans).toBe("7");
    const msg: string = res.json.partialSuccess.errorMessage;
    expect(msg).toMatch(/traceId/);
    expect(msg).toMatch(/negative latency/);
    expect(msg).toMatch(/capped at 256/);
    expect(msg).toMatch(/and 2 more/);
    expect(await storedSpans(d)).toEqual(["r1", "r10", "r9"]);
    const kept = await rows<{ v: string }>(
      `SELECT attributes[{k:String}] v FROM inference_events WHERE deployment = {d:String} AND request_id = 'r9'`,
      { d, k: "x'); DROP TABLE inference_events; --" },
    );
    expect(kept).toEqual([{ v: "'; SELECT 1; --" }]);
  });

  it("rejects an unknown arm per record, naming it", async () => {
    const d = uniqueDeployment("arm");
    const res = await post("traces", traces(d, [span(1), span(2)], "treatment"));
    expect(res.status).toBe(200);
    expect(res.json.partialSuccess.rejectedSpans).toBe("2");
    expect(res.json.partialSuccess.errorMessage).toMatch(/quantlens.arm must be "baseline" or "canary"/);
  });

  it("folds 10,000 distinct slice values into __other__ past the cap and says so", async () => {
    const d = uniqueDeployment("cardinality");
    const spans = Array.from({ length: 10_000 }, (_, i) => span(i, [{ key: "quantlens.slice.user", value: { stringValue: `user-${i}` } }]));
    const res = await post("traces", traces(d, spans));
    expect(res.status).toBe(200);
    expect(res.json.partialSuccess.rejectedSpans).toBe("0");
    expect(res.json.partialSuccess.errorMessage).toMatch(/folded into __other__/);
    const values = await rows<{ n: number; other: number }>(
      `SELECT toUInt32(uniqExact(slices['user'])) n, toUInt32(countIf(slices['user'] = '__other__')) other FROM inference_events WHERE deployment = {d:String}`,
      { d },
    );
    expect(values[0]).toEqual({ n: 201, other: 9_800 });
  });

  it("rejects shadow comparisons with out-of-range values, keeping valid ones", async () => {
    const d = uniqueDeployment("shadow");
    const rec = (id: string, agreement: unknown, exact: unknown = { boolValue: true }) => ({
      timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
      eventName: "quantlens.shadow_comparison",
      attributes: [
        { key: "quantlens.request.id", value: { stringValue: id } },
        { key: "quantlens.shadow.exact_match", value: exact },
        { key: "quantlens.shadow.token_agreement", value: agreement },
      ],
    });
    const body = JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: d } }] },
          scopeLogs: [{ logRecords: [rec("a", { doubleValue: 0.9 }), rec("b", { doubleValue: 1.5 }), rec("c", { doubleValue: 0.5 }, { stringValue: "maybe" }), rec("d", { doubleValue: 1 })] }],
        },
      ],
    });
    const res = await post("logs", body);
    expect(res.status).toBe(200);
    expect(res.json.partialSuccess.rejectedLogRecords).toBe("2");
    expect(res.json.partialSuccess.errorMessage).toMatch(/token_agreement must be within 0..1/);
    const ids = await rows<{ request_id: string }>(`SELECT request_id FROM shadow_comparisons WHERE deployment = {d:String} ORDER BY request_id`, { d });
    expect(ids.map((r) => r.request_id)).toEqual(["a", "d"]);
  });
});

describe("metrics-only senders", () => {
  it("feed the per-minute aggregates from a duration histogram and counters, cumulative or delta", async () => {
    const d = uniqueDeployment("metrics-only");
    const start = BigInt(Date.now() - 60_000) * 1_000_000n;
    const body = (t: bigint, counts: string[], fallbacks: string) =>
      JSON.stringify({
        resourceMetrics: [{
          resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: d } }, { key: "quantlens.arm", value: { stringValue: "canary" } }] },
          scopeMetrics: [{ metrics: [
            { name: "gen_ai.server.request.duration", unit: "s", histogram: { aggregationTemporality: 2, dataPoints: [{ startTimeUnixNano: String(start), timeUnixNano: String(t), count: String(counts.reduce((a, b) => a + Number(b), 0)), sum: 1, bucketCounts: counts, explicitBounds: [0.1, 0.5, 1], attributes: [{ key: "quantlens.slice.language", value: { stringValue: "de" } }] }] } },
            { name: "quantlens.fallbacks", sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: String(start), timeUnixNano: String(t), asInt: fallbacks, attributes: [{ key: "quantlens.slice.language", value: { stringValue: "de" } }] }] } },
          ] }],
        }],
      });
    // Two cumulative reports: 10 then 16 requests in total, 1 then 3 fallbacks.
    expect((await post("metrics", body(start + 10_000_000_000n, ["2", "6", "2", "0"], "1"))).status).toBe(200);
    expect((await post("metrics", body(start + 20_000_000_000n, ["3", "9", "3", "1"], "3"))).status).toBe(200);
    const agg = await rows<{ requests: number; fallbacks: number; p50: number }>(
      `SELECT toUInt32(sum(requests)) requests, toUInt32(sum(fallbacks)) fallbacks,
              round(quantilesTDigestWeightedMerge(0.5, 0.95, 0.99)(latency_q)[1]) p50
       FROM request_minute WHERE deployment = {d:String} AND dimension = 'language' AND value = 'de'`,
      { d },
    );
    // Deltas, not sums of cumulative values: 16 requests and 3 fallbacks; the median in (100, 500] ms.
    expect(agg[0].requests).toBe(16);
    expect(agg[0].fallbacks).toBe(3);
    expect(agg[0].p50).toBe(300);
  });
});
