// The official OTLP/JSON example requests (tests/fixtures/otlp, see SOURCE there).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeRequest } from "@/ingest/otlp/decode";
import { requestTypes } from "@/ingest/otlp/schema";
import type { DecodedLogs, DecodedMetrics, DecodedTraces } from "@/ingest/otlp/types";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures/otlp", name));

describe("official OTLP/JSON examples", () => {
  it("trace.json", () => {
    const d = decodeRequest("traces", "json", fixture("trace.json")) as DecodedTraces;
    expect(d.signal).toBe("traces");
    expect(d.resourceSpans).toHaveLength(1);
    const rs = d.resourceSpans[0];
    expect(rs.resource.attributes).toEqual({ "service.name": "my.service" });
    expect(rs.scopeSpans).toHaveLength(1);
    expect(rs.scopeSpans[0].scope).toEqual({ name: "my.library", version: "1.0.0" });
    expect(rs.scopeSpans[0].spans).toEqual([
      {
        traceId: "5b8efff798038103d269b633813fc60c", // upper case in the file
        spanId: "eee19b7ec3c1b174",
        parentSpanId: "eee19b7ec3c1b173",
        name: "I'm a server span",
        kind: 2,
        startTimeUnixNano: 1544712660000000000n,
        endTimeUnixNano: 1544712661000000000n,
        attributes: { "my.span.attr": "some value" },
        events: [],
        status: { code: 0, message: "" },
      },
    ]);
  });

  it("metrics.json", () => {
    const d = decodeRequest("metrics", "json", fixture("metrics.json")) as DecodedMetrics;
    const metrics = d.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(metrics.map((m) => [m.name, m.type])).toEqual([
      ["my.counter", "sum"],
      ["my.gauge", "gauge"],
      ["my.histogram", "histogram"],
      ["my.exponential.histogram", "exponential_histogram"],
    ]);
    const [sum, gauge, hist, exp] = metrics;
    expect(sum).toMatchObject({ type: "sum", monotonic: true, temporality: 1, unit: "1", description: "I am a Counter" });
    expect(sum.points).toEqual([
      {
        attributes: { "my.counter.attr": "some value" },
        startTimeUnixNano: 1544712660300000000n,
        timeUnixNano: 1544712660300000000n,
        value: 5,
      },
    ]);
    expect(gauge.points[0]).toMatchObject({ value: 10, startTimeUnixNano: 0n, timeUnixNano: 1544712660300000000n });
    expect(hist.points).toEqual([
      {
        attributes: { "my.histogram.attr": "some value" },
        startTimeUnixNano: 1544712660300000000n,
        timeUnixNano: 1544712660300000000n,
        count: 2,
        sum: 2,
        bucketCounts: [1, 1],
        explicitBounds: [1],
        min: 0,
        max: 2,
      },
    ]);
    expect(exp.points[0]).toMatchObject({
      count: 3,
      sum: 10,
      scale: 0,
      zeroCount: 1,
      positive: { offset: 1, bucketCounts: [0, 2] },
      negative: { offset: 0, bucketCounts: [] },
      min: 0,
      max: 5,
    });
    for (const m of metrics) for (const p of m.points) expect(p.invalid).toBeUndefined();
  });

  it("logs.json", () => {
    const d = decodeRequest("logs", "json", fixture("logs.json")) as DecodedLogs;
    const records = d.resourceLogs[0].scopeLogs[0].logRecords;
    expect(records).toHaveLength(1);
    expect(records[0]).toEqual({
      timeUnixNano: 1544712660300000000n,
      observedTimeUnixNano: 1544712660300000000n,
      severityNumber: 10,
      severityText: "Information",
      eventName: "",
      body: "Example log record",
      attributes: {
        "string.attribute": "some string",
        "boolean.attribute": true,
        "int.attribute": 10n,
        "double.attribute": 637.704,
        "array.attribute": ["many", "values"],
        "map.attribute": { "some.map.key": "some value" },
      },
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
    });
  });

  it("events.json: an event is a log record with event_name and no ids", () => {
    const d = decodeRequest("logs", "json", fixture("events.json")) as DecodedLogs;
    const [rec] = d.resourceLogs[0].scopeLogs[0].logRecords;
    expect(rec.eventName).toBe("browser.page_view");
    expect(rec.severityNumber).toBe(9);
    expect(rec.traceId).toBe("");
    expect(rec.spanId).toBe("");
    expect(rec.invalid).toBeUndefined();
    expect(rec.body).toEqual({
      type: 0n,
      url: "https://www.guidgenerator.com/online-guid-generator.aspx",
      referrer: "https://wwww.google.com",
      title: "Free Online GUID Generator",
    });
  });

  // The same content through protobuf: protobufjs's fromObject takes these documents
  // once keys are the proto names and ids are bytes, so both decoders must agree.
  const toProtoObject = (v: unknown, key = ""): unknown => {
    if (Array.isArray(v)) return v.map((x) => toProtoObject(x));
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), toProtoObject(x, k)]),
      );
    }
    return /^(traceId|spanId|parentSpanId)$/.test(key) ? Buffer.from(v as string, "hex") : v;
  };

  it.each([
    ["traces", "trace.json"],
    ["metrics", "metrics.json"],
    ["logs", "logs.json"],
    ["logs", "events.json"],
  ] as const)("%s %s decodes the same from protobuf", (signal, file) => {
    const fromJson = decodeRequest(signal, "json", fixture(file));
    const doc = toProtoObject(JSON.parse(fixture(file).toString("utf8"))) as Record<string, unknown>;
    const bytes = requestTypes[signal].encode(requestTypes[signal].fromObject(doc)).finish();
    expect(decodeRequest(signal, "protobuf", bytes)).toEqual(fromJson);
  });
});
