// Property-based fuzzing of OTLP decoding and mapping: random and mutated payloads, protobuf and
// JSON, must never throw anything but DecodeError from the decoder, never throw from the mapper,
// and never produce a 5xx over HTTP. Fixed seed in the test command; `npm run fuzz` runs longer.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRequest } from "@/ingest/otlp/decode";
import { DecodeError, type Signal } from "@/ingest/otlp/types";
import { IngestPipeline } from "@/ingest/pipeline";
import { BatchWriter } from "@/ingest/writer";
import { startIngestServer, type TestServer } from "@/testkit/http-server";
import { createKey } from "@/testkit/keys";
import { protobufBatches } from "@/testkit/spans";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const EXAMPLES = path.join(process.cwd(), "tests", "fixtures", "otlp");
const jsonSeeds: [Signal, string][] = [
  ["traces", fs.readFileSync(path.join(EXAMPLES, "trace.json"), "utf8")],
  ["logs", fs.readFileSync(path.join(EXAMPLES, "logs.json"), "utf8")],
  ["metrics", fs.readFileSync(path.join(EXAMPLES, "metrics.json"), "utf8")],
];
const kv = (key: string, value: unknown) => ({ key, value });
const res = (arm: string) => ({ attributes: [kv("service.name", { stringValue: "svc" }), kv("quantlens.deployment", { stringValue: "fuzz" }), kv("quantlens.arm", { stringValue: arm })] });
// Payloads in the Quantlens conventions, so mutations reach the mapping rules too.
jsonSeeds.push(
  ["traces", JSON.stringify({ resourceSpans: [{ resource: res("canary"), scopeSpans: [{ spans: [{ traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "inference", startTimeUnixNano: "1700000000000000000", endTimeUnixNano: "1700000000250000000", status: { code: 2 }, attributes: [kv("quantlens.request.id", { stringValue: "r1" }), kv("quantlens.slice.language", { stringValue: "de" }), kv("quantlens.fallback", { boolValue: true }), kv("quantlens.fallback.reason", { stringValue: "overflow" }), kv("quantlens.input.prompt_tokens", { intValue: "900" }), kv("gen_ai.usage.input_tokens", { intValue: "900" }), kv("gen_ai.server.time_to_first_token", { doubleValue: 0.05 })], events: [{ name: "quantlens.shadow_comparison", timeUnixNano: "1700000000250000000", attributes: [kv("quantlens.shadow.exact_match", { boolValue: false }), kv("quantlens.shadow.token_agreement", { doubleValue: 0.5 })] }] }] }] }] })],
  ["logs", JSON.stringify({ resourceLogs: [{ resource: res("baseline"), scopeLogs: [{ logRecords: [{ timeUnixNano: "1700000000000000000", eventName: "quantlens.shadow_comparison", attributes: [kv("quantlens.request.id", { stringValue: "r1" }), kv("quantlens.slice.language", { stringValue: "de" }), kv("quantlens.shadow.exact_match", { boolValue: true }), kv("quantlens.shadow.token_agreement", { doubleValue: 1 }), kv("quantlens.shadow.kl_divergence", { doubleValue: 0.01 }), kv("quantlens.shadow.score.baseline", { doubleValue: 0.8 }), kv("quantlens.shadow.score.canary", { doubleValue: 0.7 }), kv("quantlens.shadow.output.canary", { stringValue: "<b>x</b>" })] }] }] }] })],
  ["metrics", JSON.stringify({ resourceMetrics: [{ resource: res("canary"), scopeMetrics: [{ metrics: [
    { name: "quantlens.memory.used", unit: "By", gauge: { dataPoints: [{ timeUnixNano: "1700000000000000000", asDouble: 4.5e9, attributes: [kv("quantlens.memory.kind", { stringValue: "weights" })] }] } },
    { name: "gen_ai.server.request.duration", unit: "s", histogram: { aggregationTemporality: 2, dataPoints: [{ startTimeUnixNano: "1699999990000000000", timeUnixNano: "1700000000000000000", count: "3", sum: 0.9, bucketCounts: ["1", "1", "1"], explicitBounds: [0.1, 0.5], attributes: [kv("quantlens.slice.language", { stringValue: "de" })] }] } },
    { name: "quantlens.fallbacks", sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: "1699999990000000000", timeUnixNano: "1700000000000000000", asInt: "2" }] } },
  ] }] }] })],
);
const pbSeed = protobufBatches("fuzz", 1, 4)[0];

// A pipeline whose writer discards rows: this file fuzzes decoding and mapping, not storage.
const pipeline = new IngestPipeline(new BatchWriter(async () => undefined));

function decodeAndMap(signal: Signal, kind: "protobuf" | "json", body: Uint8Array): void {
  let decoded;
  try {
    decoded = decodeRequest(signal, kind, body);
  } catch (err) {
    if (err instanceof DecodeError) return;
    throw err;
  }
  pipeline.map(decoded);
}

/** Byte-level mutations of a valid payload: flips, truncation, splices, duplications. */
const mutated = (seed: Uint8Array) =>
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
    .map((ops) => {
      let b = Buffer.from(seed);
      for (const [at, op, byte] of ops) {
        const i = b.length ? at % b.length : 0;
        if (op === 0) b[i] = byte;
        else if (op === 1) b = b.subarray(0, i);
        else if (op === 2) b = Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
        else b = Buffer.concat([b.subarray(0, i), b.subarray(i, i + 16), b.subarray(i)]);
      }
      return new Uint8Array(b);
    });

/** JSON-level mutations: replace a random value anywhere in the document with a random JSON value. */
function mutateJson(doc: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || doc === null || typeof doc !== "object") return replacement;
  const entries = Array.isArray(doc) ? doc.map((v, i) => [i, v] as const) : Object.entries(doc as object);
  if (entries.length === 0) return replacement;
  const [k, v] = entries[path[0] % entries.length];
  const copy: any = Array.isArray(doc) ? [...doc] : { ...(doc as object) };
  copy[k] = mutateJson(v, path.slice(1), replacement);
  return copy;
}

describe(`OTLP decoders under fuzzing (${RUNS} cases each, seed ${SEED})`, () => {
  it("random bytes, as protobuf and as JSON, for every signal", () => {
    fc.assert(
      fc.property(fc.constantFrom<Signal>("traces", "logs", "metrics"), fc.constantFrom<"protobuf" | "json">("protobuf", "json"), fc.uint8Array({ maxLength: 512 }), (signal, kind, body) => {
        decodeAndMap(signal, kind, body);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("byte mutations of a real SDK protobuf request", () => {
    fc.assert(fc.property(mutated(pbSeed), (body) => decodeAndMap("traces", "protobuf", body)), { numRuns: RUNS, seed: SEED });
  });

  it("structural mutations of the official JSON examples", () => {
    fc.assert(
      fc.property(fc.constantFrom(...jsonSeeds), fc.array(fc.nat(), { maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), ([signal, text], p, replacement) => {
        const body = new TextEncoder().encode(JSON.stringify(mutateJson(JSON.parse(text), p, replacement)));
        decodeAndMap(signal, "json", body);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

// Well-formed requests whose attribute values are random and typed: this reaches the mapping
// rules (slices, features, fallback, shadow fields, metric kinds) rather than stopping in decoding.
const KEYS = ["quantlens.request.id", "quantlens.slice.language", "quantlens.slice.x", "quantlens.fallback", "quantlens.fallback.reason", "quantlens.input.prompt_tokens", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.server.time_to_first_token", "quantlens.shadow.exact_match", "quantlens.shadow.token_agreement", "quantlens.shadow.kl_divergence", "quantlens.shadow.score.baseline", "quantlens.shadow.score.canary", "quantlens.memory.kind", "quantlens.deployment", "quantlens.arm", "error.type"];
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.string().map((x) => ({ stringValue: x })),
    fc.constantFrom("", "true", "false", "NaN", "-1", "1e309", "0.5").map((x) => ({ stringValue: x })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((x) => ({ intValue: x.toString() })),
    fc.double().filter(Number.isFinite).map((x) => ({ doubleValue: x })),
    fc.boolean().map((x) => ({ boolValue: x })),
    fc.array(tie("v"), { maxLength: 3 }).map((values) => ({ arrayValue: { values } })),
    fc.array(fc.tuple(fc.string({ maxLength: 8 }), tie("v")), { maxLength: 3 }).map((kvs) => ({ kvlistValue: { values: kvs.map(([key, value]) => ({ key, value })) } })),
  ),
})).v;
const attrs = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), anyValue), { maxLength: 10 }).map((xs) => xs.map(([key, value]) => ({ key, value })));
const nanos = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);

describe(`the mapper under typed random attributes (${RUNS} cases each)`, () => {
  it("spans with span events, logs and metric points", () => {
    fc.assert(
      fc.property(attrs, attrs, attrs, nanos, nanos, fc.integer({ min: 0, max: 3 }), fc.nat(9), (resAttrs, a, b, start, end, status, pick) => {
        // Usually a valid origin after the random ones (later duplicates win), so records reach the mapper.
        const resource = { attributes: pick < 8 ? [...resAttrs, ...res(pick % 2 ? "canary" : "baseline").attributes] : resAttrs };
        decodeAndMap("traces", "json", new TextEncoder().encode(JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans: [{ traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "s", startTimeUnixNano: start, endTimeUnixNano: end, status: { code: status }, attributes: a, events: [{ name: "quantlens.shadow_comparison", timeUnixNano: end, attributes: b }] }] }] }] })));
        decodeAndMap("logs", "json", new TextEncoder().encode(JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ logRecords: [{ timeUnixNano: start, eventName: "quantlens.shadow_comparison", attributes: b }] }] }] })));
        decodeAndMap("metrics", "json", new TextEncoder().encode(JSON.stringify({ resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [
          { name: "quantlens.memory.used", gauge: { dataPoints: [{ timeUnixNano: end, asDouble: 1, attributes: a }] } },
          { name: "gen_ai.server.request.duration", histogram: { aggregationTemporality: 2, dataPoints: [{ startTimeUnixNano: start, timeUnixNano: end, count: "2", sum: 1, bucketCounts: ["1", "1"], explicitBounds: [0.5], attributes: a }] } },
          { name: "quantlens.fallbacks", sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: start, timeUnixNano: end, asInt: "3", attributes: b }] } },
        ] }] }] })));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe("over HTTP, mutated requests never get a 5xx", () => {
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startIngestServer();
    key = await createKey(["ingest"]);
  });
  afterAll(async () => server?.close());

  it("mutated protobuf and JSON bodies", async () => {
    const cases = Math.max(50, Math.floor(RUNS / 10));
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(pbSeed).map((b) => ["application/x-protobuf", b] as const), fc.constantFrom(...jsonSeeds).chain(([, text]) => mutated(new TextEncoder().encode(text)).map((b) => ["application/json", b] as const))), async ([type, body]) => {
        const res = await fetch(`${server.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": type }, body });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: cases, seed: SEED },
    );
  });
});
