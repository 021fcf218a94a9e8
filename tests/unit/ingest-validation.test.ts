// Ingest validation gaps (issue 11, items 1 and 4): the accepted time range on every kind of
// record, the record-level deployment rule, and strings the engine would refuse.
import { describe, expect, it } from "vitest";
import { decodeRequest } from "@/ingest/otlp/decode";
import type { Signal } from "@/ingest/otlp/types";
import { IngestPipeline } from "@/ingest/pipeline";
import { TimeRule } from "@/ingest/map/time-window";
import { BatchWriter } from "@/ingest/writer";
import { makeRowsWellFormed, isWellFormed } from "@/ingest/well-formed";
import type { TableRows } from "@/clickhouse/rows";

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const MS = 1_000_000n;
const ns = (ms: number) => String(BigInt(ms) * MS);
const kv = (key: string, v: unknown) => ({ key, value: typeof v === "string" ? { stringValue: v } : typeof v === "boolean" ? { boolValue: v } : { doubleValue: v } });
const resource = (deployment = "dep") => ({ attributes: [kv("quantlens.deployment", deployment), kv("quantlens.arm", "canary")] });

function pipeline(time: { pastMs?: number; futureMs?: number; maxDaysPerRequest?: number } = {}) {
  return new IngestPipeline(new BatchWriter(async () => undefined), null, { time: { pastMs: 30 * 86_400_000, futureMs: 600_000, maxDaysPerRequest: 64, now: () => NOW, ...time } });
}
const map = (p: IngestPipeline, signal: Signal, doc: unknown) => p.map(decodeRequest(signal, "json", new TextEncoder().encode(JSON.stringify(doc))));

const spanAt = (ms: number, events: unknown[] = [], attrs: unknown[] = []) => ({
  traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "inference",
  startTimeUnixNano: ns(ms), endTimeUnixNano: ns(ms + 100),
  attributes: [kv("quantlens.request.id", "r1"), ...attrs], events,
});
const traces = (spans: unknown[], deployment = "dep") => ({ resourceSpans: [{ resource: resource(deployment), scopeSpans: [{ spans }] }] });
const shadowAttrs = (extra: unknown[] = []) => [kv("quantlens.request.id", "r1"), kv("quantlens.shadow.exact_match", true), kv("quantlens.shadow.token_agreement", 0.9), ...extra];
const logs = (records: unknown[], deployment = "dep") => ({ resourceLogs: [{ resource: resource(deployment), scopeLogs: [{ logRecords: records }] }] });
const gauge = (ms: number) => ({
  resourceMetrics: [{ resource: resource(), scopeMetrics: [{ metrics: [{ name: "quantlens.memory.used", unit: "By", gauge: { dataPoints: [{ timeUnixNano: ns(ms), asDouble: 1, attributes: [kv("quantlens.memory.kind", "weights")] }] } }] }] }],
});

// 1970, just past 30 days, the year 2100 (which counted as "last 5 minutes" traffic), past 2262
// (DateTime64(9) overflows: the engine refused the whole INSERT), and 2^64-1 ns.
const OUTSIDE: [string, bigint][] = [
  ["1970", 1n],
  ["31 days ago", BigInt(NOW - 31 * 86_400_000) * MS],
  ["11 minutes ahead", BigInt(NOW + 11 * 60_000) * MS],
  ["2100", BigInt(Date.UTC(2100, 0, 1)) * MS],
  ["2263", BigInt(Date.UTC(2263, 0, 1)) * MS],
  ["2^64-1 ns", 2n ** 64n - 1n],
];
const INSIDE: [string, number][] = [
  ["now", NOW],
  ["29 days ago", NOW - 29 * 86_400_000],
  ["9 minutes ahead", NOW + 9 * 60_000],
];

describe("the accepted time range", () => {
  it("TimeRule: inside is null; outside names the field, the time and the range", () => {
    const rule = new TimeRule({ pastMs: 30 * 86_400_000, futureMs: 600_000, maxDaysPerRequest: 64, now: () => NOW });
    for (const [, ms] of INSIDE) expect(rule.check(BigInt(ms) * MS, "startTimeUnixNano")).toBeNull();
    expect(rule.check(1n, "startTimeUnixNano")).toBe(
      "startTimeUnixNano 1970-01-01T00:00:00Z is outside the accepted time range 2026-11-01T12:00:00Z .. 2026-12-01T12:10:00Z (at most 30 days old, 10 minutes ahead of the server clock)",
    );
  });

  it.each(OUTSIDE)("rejects a span, a span event, a log record, a shadow log record and a metric point dated %s, per record", (_label, t) => {
    const p = pipeline();
    const at = String(t);
    const s = map(p, "traces", { resourceSpans: [{ resource: resource(), scopeSpans: [{ spans: [{ ...spanAt(NOW), startTimeUnixNano: at, endTimeUnixNano: at }, spanAt(NOW)] }] }] });
    expect(s.rejected).toBe(1);
    expect(s.rows.inference_events).toHaveLength(1);
    expect(s.message()).toMatch(/spans\[0\]: startTimeUnixNano .* is outside the accepted time range/);
    const ev = map(p, "traces", traces([spanAt(NOW, [{ name: "quantlens.shadow_comparison", timeUnixNano: at, attributes: shadowAttrs() }])]));
    expect(ev.rows.inference_events).toHaveLength(1);
    expect(ev.rows.shadow_comparisons).toHaveLength(0);
    expect(ev.message()).toMatch(/events\[0\]: timeUnixNano .* is outside the accepted time range/);
    const l = map(p, "logs", logs([{ timeUnixNano: at, body: { stringValue: "x" } }, { observedTimeUnixNano: at, body: { stringValue: "y" } }, { timeUnixNano: ns(NOW), body: { stringValue: "z" } }]));
    expect(l.rejected).toBe(2);
    expect(l.rows.otel_logs.map((r) => r.body)).toEqual(["z"]);
    expect(l.message()).toMatch(/logRecords\[0\]: timeUnixNano .* outside/);
    expect(l.message()).toMatch(/logRecords\[1\]: observedTimeUnixNano .* outside/);
    const sh = map(p, "logs", logs([{ timeUnixNano: at, eventName: "quantlens.shadow_comparison", attributes: shadowAttrs() }]));
    expect(sh.rejected).toBe(1);
    expect(sh.rows.shadow_comparisons).toHaveLength(0);
    const m = map(p, "metrics", { resourceMetrics: [{ ...gauge(NOW).resourceMetrics[0], scopeMetrics: [{ metrics: [{ name: "my.gauge", gauge: { dataPoints: [{ timeUnixNano: at, asDouble: 1 }, { timeUnixNano: ns(NOW), asDouble: 2 }] } }] }] }] });
    expect(m.rejected).toBe(1);
    expect(m.rows.otel_metrics.map((r) => r.value)).toEqual([2]);
    expect(m.message()).toMatch(/dataPoints\[0\]: timeUnixNano .* outside/);
  });

  it.each(INSIDE)("accepts every kind of record dated %s", (_label, ms) => {
    const p = pipeline();
    expect(map(p, "traces", traces([spanAt(ms, [{ name: "quantlens.shadow_comparison", timeUnixNano: ns(ms), attributes: shadowAttrs() }])])).rejected).toBe(0);
    expect(map(p, "logs", logs([{ timeUnixNano: ns(ms), body: { stringValue: "x" } }, { timeUnixNano: ns(ms), eventName: "quantlens.shadow_comparison", attributes: shadowAttrs() }])).rejected).toBe(0);
    expect(map(p, "metrics", gauge(ms)).rejected).toBe(0);
  });

  it("the past bound is the raw retention (QUANTLENS_RAW_TTL_DAYS)", async () => {
    const { defaultTimeWindow } = await import("@/ingest/map/time-window");
    expect(defaultTimeWindow({}).pastMs).toBe(30 * 86_400_000);
    expect(defaultTimeWindow({ QUANTLENS_RAW_TTL_DAYS: "90" }).pastMs).toBe(90 * 86_400_000);
    expect(defaultTimeWindow({}).futureMs).toBe(10 * 60_000);
  });

  it("one request spans at most maxDaysPerRequest distinct days (ClickHouse refuses an INSERT into more than 100 partitions)", () => {
    const p = pipeline({ pastMs: 400 * 86_400_000, maxDaysPerRequest: 64 });
    const spans = Array.from({ length: 101 }, (_, d) => ({ ...spanAt(NOW - d * 86_400_000), spanId: (d + 1).toString(16).padStart(16, "0") }));
    const r = map(p, "traces", traces(spans));
    expect(r.rows.inference_events).toHaveLength(64);
    expect(r.rejected).toBe(37);
    expect(r.message()).toMatch(/falls on one more UTC day than the 64 one request may span/);
    expect(new Set(r.rows.inference_events.map((e) => e.ts.slice(0, 10))).size).toBe(64);
  });
});

describe("a shadow record's own quantlens.deployment obeys the resource rule", () => {
  it.each([
    ["129 characters", "d".repeat(129)],
    ["a control character", "dep\u0007loy"],
    ["a newline", "dep\nloy"],
    ["a lone surrogate", "dep\ud800"],
  ])("rejects %s, on log records and span events", (_label, name) => {
    const p = pipeline();
    const l = map(p, "logs", logs([{ timeUnixNano: ns(NOW), eventName: "quantlens.shadow_comparison", attributes: shadowAttrs([kv("quantlens.deployment", name)]) }]));
    expect(l.rejected).toBe(1);
    expect(l.rows.shadow_comparisons).toHaveLength(0);
    expect(l.message()).toMatch(/quantlens.deployment must be at most 128 printable characters/);
    const t = map(p, "traces", traces([spanAt(NOW, [{ name: "quantlens.shadow_comparison", timeUnixNano: ns(NOW), attributes: shadowAttrs([kv("quantlens.deployment", name)]) }])]));
    expect(t.rows.shadow_comparisons).toHaveLength(0);
    expect(t.rejected).toBe(1);
  });

  it("keeps a valid record-level deployment", () => {
    const l = map(pipeline(), "logs", logs([{ timeUnixNano: ns(NOW), eventName: "quantlens.shadow_comparison", attributes: shadowAttrs([kv("quantlens.deployment", "other-dep")]) }]));
    expect(l.rows.shadow_comparisons.map((r) => r.deployment)).toEqual(["other-dep"]);
  });

  it("resources with a lone surrogate in the deployment are rejected too", () => {
    const r = map(pipeline(), "traces", traces([spanAt(NOW)], "dep\udc00"));
    expect(r.rejected).toBe(1);
    expect(r.message()).toMatch(/printable/);
  });
});

describe("strings the engine would refuse", () => {
  it("replaces lone surrogates with U+FFFD in every string, map key and map value of every row", () => {
    const rows = {
      inference_events: [{ request_id: "a\ud800b", span_name: "ok", attributes: { "k\udc00": "v\ud800", fine: "😀" }, slices: { language: "de" }, features: { f: 1 }, latency_ms: 1 }],
      otel_logs: [{ body: "x\udbff", attributes: {} }],
    } as unknown as Partial<TableRows>;
    expect(makeRowsWellFormed(rows)).toBe(4);
    const e = rows.inference_events![0] as unknown as Record<string, any>;
    expect(e.request_id).toBe("a\ufffdb");
    expect(e.attributes).toEqual({ "k\ufffd": "v\ufffd", fine: "😀" });
    expect(e.features).toEqual({ f: 1 });
    expect((rows.otel_logs![0] as unknown as Record<string, string>).body).toBe("x\ufffd");
  });

  it("the pipeline stores well-formed text, says so in partial_success, and keeps the record", async () => {
    const stored: unknown[] = [];
    const p = new IngestPipeline(new BatchWriter(async (_t, rows) => void stored.push(...rows), { maxBatchRows: 1000, lingerMs: 1, maxQueuedRows: 10_000 }), null, { time: { now: () => Date.now() } });
    // An emoji cut in half by the 4,096-character attribute cap, and a lone surrogate sent as a JSON escape.
    const long = "x".repeat(4095) + "😀";
    const body = JSON.stringify(traces([{ ...spanAt(Date.now() - 1000), attributes: [kv("quantlens.request.id", "r1"), kv("prompt", long), kv("note", "a\ud800b")] }]));
    const out = await p.ingest(decodeRequest("traces", "json", new TextEncoder().encode(body)));
    expect(out.rejected).toBe(0);
    expect(out.message).toMatch(/2 strings held lone UTF-16 surrogates .* U\+FFFD/);
    const row = stored[0] as { attributes: Record<string, string> };
    expect(row.attributes.note).toBe("a\ufffdb");
    expect(row.attributes.prompt).toHaveLength(4096);
    expect(isWellFormed(row.attributes.prompt)).toBe(true);
  });
});
