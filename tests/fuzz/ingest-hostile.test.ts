// Hostile senders among good ones (issue 11, item 1), fuzzed with fast-check against the real
// embedded ClickHouse: random hostile records (lone surrogates anywhere, NUL, extreme timestamps,
// huge strings, requests over many days, absurd metric values) are sent concurrently with good
// traffic from other keys, so they are group-committed into the same INSERTs. Properties: every
// good request is answered 200 with no partial_success, every good record is stored, and no
// request of anyone gets a 5xx. Fixed seed; `npm run fuzz` runs more cases.
import http from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writerDb } from "@/clickhouse/client";
import { insertRows } from "@/clickhouse/queries/insert";
import { Admission, DEFAULT_ADMISSION_OPTIONS } from "@/ingest/admission";
import { handleOtlp } from "@/ingest/http";
import type { Signal } from "@/ingest/otlp/types";
import { IngestPipeline } from "@/ingest/pipeline";
import { BatchWriter } from "@/ingest/writer";
import { runtime } from "@/server/runtime/runtime";
import { rows, uniqueDeployment } from "@/testkit/db";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const CASES = Math.max(25, Math.floor(RUNS / 50));
const DAY = 86_400_000;
// A long past window so that requests over many days reach the writer (and its day split) rather
// than stopping at the time check; the writer merges whatever arrives within 20 ms.
const PAST_DAYS = 200;

let server: http.Server;
let url = "";
let pipeline: IngestPipeline;

beforeAll(async () => {
  await runtime(); // migrations
  const client = await writerDb();
  pipeline = new IngestPipeline(new BatchWriter((t, r) => insertRows(client, t, r), { maxBatchRows: 50_000, lingerMs: 20, maxQueuedRows: 500_000 }), null, { time: { pastMs: PAST_DAYS * DAY } });
  const admission = new Admission({ ...DEFAULT_ADMISSION_OPTIONS, minLimitBytes: 1 << 30, maxLimitBytes: 1 << 30 });
  server = http.createServer(async (req, res) => {
    const signal = /^\/v1\/(traces|metrics|logs)$/.exec(req.url ?? "")?.[1] as Signal;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Readable.toWeb(req) as ReadableStream, duplex: "half" } as RequestInit);
    const response = await handleOtlp(signal, request, { pipeline, maxBodyBytes: 16 << 20, admission, authorize: async (h) => /^Bearer (good|evil)-\d+$/.test(h ?? "") });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

const kv = (key: string, value: unknown) => ({ key, value });
const str = (s: string) => ({ stringValue: s });

// ---- hostile values -----------------------------------------------------------------------
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const nasty = fc
  .array(fc.oneof(loneSurrogate, fc.constantFrom("\u0000", "a", "😀", "é", "\uffff", "\\", '"', "'", "\n", "×"), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 12 })
  .map((xs) => xs.join(""));
const huge = fc.tuple(fc.integer({ min: 4000, max: 120_000 }), fc.oneof(loneSurrogate, fc.constant("😀"), fc.constant("x"))).map(([n, tail]) => "y".repeat(n) + tail);
const hostileString = fc.oneof({ weight: 4, arbitrary: nasty }, { weight: 1, arbitrary: huge });
const now = () => Date.now();
const extremeNs = fc.oneof(
  fc.constantFrom(0n, 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, BigInt(Date.UTC(2263, 0, 1)) * 1_000_000n, BigInt(Date.UTC(2100, 0, 1)) * 1_000_000n, BigInt(Date.UTC(1969, 11, 31)) * 1_000_000n),
  fc.integer({ min: -400, max: 400 }).map((d) => BigInt(now() + d * DAY) * 1_000_000n),
  fc.integer({ min: -30, max: 30 }).map((m) => BigInt(now() + m * 60_000) * 1_000_000n),
);
/** Where a hostile string goes: a key, a value, a name, a slice, the request id, a resource attribute… */
const placement = fc.constantFrom("attrValue", "attrKey", "spanName", "statusMessage", "slice", "requestId", "resourceAttr", "deployment", "eventAttr");

interface Hostile {
  signal: Signal;
  body: string;
}

function hostileSpan(i: number, deployment: string, where: string, s: string, t: bigint) {
  const attrs = [kv("quantlens.request.id", str(where === "requestId" ? s : `evil-${i}`)), kv("quantlens.slice.language", str(where === "slice" ? s.slice(0, 200) : "de"))];
  if (where === "attrValue") attrs.push(kv("note", str(s)));
  if (where === "attrKey") attrs.push(kv(s.slice(0, 300), str("v")));
  return {
    traceId: "5b8efff798038103d269b633813fc60c", spanId: (i + 1).toString(16).padStart(16, "0").slice(-16),
    name: where === "spanName" ? s : "inference",
    startTimeUnixNano: String(t), endTimeUnixNano: String(t + 50_000_000n),
    status: { code: 2, message: where === "statusMessage" ? s : "" },
    attributes: attrs,
    events: [{ name: "quantlens.shadow_comparison", timeUnixNano: String(t), attributes: [kv("quantlens.shadow.exact_match", { boolValue: true }), kv("quantlens.shadow.token_agreement", { doubleValue: 0.5 }), ...(where === "eventAttr" ? [kv("quantlens.shadow.output.canary", str(s))] : []), ...(where === "deployment" ? [kv("quantlens.deployment", str(s))] : [])] }],
  };
}

const hostileRequest = (deployments: string[]): fc.Arbitrary<Hostile> =>
  fc.oneof(
    // Spans with a hostile string somewhere and a hostile or normal time.
    fc.tuple(fc.constantFrom(...deployments), placement, hostileString, fc.array(fc.oneof(extremeNs, fc.constant(BigInt(now() - 1000) * 1_000_000n)), { minLength: 1, maxLength: 6 })).map(([dep, where, s, times]) => ({
      signal: "traces" as const,
      body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [kv("quantlens.deployment", str(where === "deployment" ? s : dep)), kv("quantlens.arm", str("canary")), kv("service.name", str(where === "resourceAttr" ? s : "svc")), ...(where === "resourceAttr" ? [kv(s.slice(0, 100), str(s))] : [])] }, scopeSpans: [{ spans: times.map((t, i) => hostileSpan(i, dep, where, s, t)) }] }] }),
    })),
    // One request over many days (up to 150 distinct days within the window).
    fc.tuple(fc.constantFrom(...deployments), fc.integer({ min: 60, max: 150 })).map(([dep, days]) => ({
      signal: "traces" as const,
      body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [kv("quantlens.deployment", str(dep)), kv("quantlens.arm", str("baseline"))] }, scopeSpans: [{ spans: Array.from({ length: days }, (_, d) => hostileSpan(d, dep, "none", "", BigInt(now() - d * DAY - 1000) * 1_000_000n)) }] }] }),
    })),
    // Log records: hostile bodies, keys and times.
    fc.tuple(fc.constantFrom(...deployments), hostileString, extremeNs).map(([dep, s, t]) => ({
      signal: "logs" as const,
      body: JSON.stringify({ resourceLogs: [{ resource: { attributes: [kv("quantlens.deployment", str(dep))] }, scopeLogs: [{ logRecords: [{ timeUnixNano: String(t), body: str(s), severityText: s.slice(0, 100), attributes: [kv(s.slice(0, 50), str(s))] }, { observedTimeUnixNano: String(t), eventName: s.slice(0, 300), body: { kvlistValue: { values: [kv(s, str(s))] } } }] }] }] }),
    })),
    // Metric points: hostile names and units, absurd counts, times.
    fc.tuple(fc.constantFrom(...deployments), hostileString, extremeNs, fc.constantFrom("1e30", "18446744073709551615", "0", "-5", "NaN")).map(([dep, s, t, big]) => ({
      signal: "metrics" as const,
      body: JSON.stringify({ resourceMetrics: [{ resource: { attributes: [kv("quantlens.deployment", str(dep)), kv("quantlens.arm", str("canary"))] }, scopeMetrics: [{ metrics: [
        { name: s.slice(0, 300), unit: s.slice(0, 100), gauge: { dataPoints: [{ timeUnixNano: String(t), asDouble: big === "NaN" ? "NaN" : Number(big), attributes: [kv(s.slice(0, 60), str(s))] }] } },
        { name: "gen_ai.server.request.duration", histogram: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: String(t), count: "18446744073709551615", sum: 1, bucketCounts: [big === "NaN" ? "0" : big.replace("-5", "5").replace("1e30", "1000000000000000000000000000000"), "1"], explicitBounds: [0.5], attributes: [kv("quantlens.slice.language", str(s.slice(0, 100)))] }] } },
        { name: "quantlens.errors", sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: "1", timeUnixNano: String(t), asInt: "18446744073709551615", attributes: [kv(s.slice(0, 200), str(s))] }] } },
      ] }] }] }),
    })),
  );

// ---- good traffic -------------------------------------------------------------------------
let goodSeq = 0;
function goodRequest(deployment: string): { signal: Signal; body: string; ids: string[] } {
  const t = BigInt(now() - 2000) * 1_000_000n;
  const n = goodSeq++;
  if (n % 3 === 2) {
    const ids = [`good-log-${n}-a`, `good-log-${n}-b`];
    return { signal: "logs", ids, body: JSON.stringify({ resourceLogs: [{ resource: { attributes: [kv("quantlens.deployment", str(deployment))] }, scopeLogs: [{ logRecords: ids.map((id) => ({ timeUnixNano: String(t), body: str(id) })) }] }] }) };
  }
  const ids = [`good-${n}-a`, `good-${n}-b`, `good-${n}-c`];
  return {
    signal: "traces",
    ids,
    body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [kv("quantlens.deployment", str(deployment)), kv("quantlens.arm", str(n % 2 ? "canary" : "baseline"))] }, scopeSpans: [{ spans: ids.map((id, i) => ({ traceId: "5b8efff798038103d269b633813fc60c", spanId: (i + 1).toString(16).padStart(16, "0"), name: "inference", startTimeUnixNano: String(t), endTimeUnixNano: String(t + 80_000_000n), attributes: [kv("quantlens.request.id", str(id)), kv("quantlens.slice.language", str("en")), kv("prompt", str("ordinary text, ünïcødé and 😀"))] })) }] }] }),
  };
}

async function post(signal: Signal, key: string, body: string) {
  const res = await fetch(`${url}/v1/${signal}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
  return { status: res.status, text: await res.text() };
}

describe(`hostile senders among good ones, over HTTP into chdb (${CASES} cases, seed ${SEED})`, () => {
  it("every good request is answered 200 and stored; nobody gets a 5xx", async () => {
    const hostileStatuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => {
          const good = uniqueDeployment("fuzz-good");
          const evil = uniqueDeployment("fuzz-evil");
          return fc.tuple(fc.constant(good), fc.array(hostileRequest([good, evil]), { minLength: 1, maxLength: 4 }), fc.integer({ min: 2, max: 6 }));
        }),
        async ([good, hostile, goodCount]) => {
          const goods = Array.from({ length: goodCount }, () => goodRequest(good));
          // Interleaved and concurrent: they meet in the writer's queues and share INSERTs.
          const answers = await Promise.all([
            ...goods.map((g, i) => post(g.signal, `good-${i}`, g.body)),
            ...hostile.map((h) => post(h.signal, "evil-1", h.body)),
          ]);
          const goodAnswers = answers.slice(0, goods.length);
          for (const a of goodAnswers) {
            expect(a.status, a.text).toBe(200);
            expect(a.text).not.toMatch(/partialSuccess/);
          }
          for (const a of answers.slice(goods.length)) {
            expect(a.status, a.text.slice(0, 300)).toBeLessThan(500);
            hostileStatuses.set(a.status, (hostileStatuses.get(a.status) ?? 0) + 1);
          }
          const spanIds = goods.filter((g) => g.signal === "traces").flatMap((g) => g.ids);
          const logIds = goods.filter((g) => g.signal === "logs").flatMap((g) => g.ids);
          const storedSpans = await rows<{ id: string }>(`SELECT request_id AS id FROM inference_events WHERE deployment = {d:String} AND startsWith(request_id, 'good-')`, { d: good });
          const storedLogs = await rows<{ id: string }>(`SELECT body AS id FROM otel_logs WHERE deployment = {d:String} AND startsWith(body, 'good-')`, { d: good });
          expect(storedSpans.map((r) => r.id).sort()).toEqual([...spanIds].sort());
          expect(storedLogs.map((r) => r.id).sort()).toEqual([...logIds].sort());
        },
      ),
      { numRuns: CASES, seed: SEED },
    );
    // The hostile traffic was answered, not dropped: mostly 200 with partial_success.
    expect([...hostileStatuses.keys()].every((s) => s < 500)).toBe(true);
  }, 600_000);
});
