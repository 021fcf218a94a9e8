// decodeJson / decodeRequest("json"): OTLP/JSON rules, leniency, record-level problems.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { decodeRequest } from "@/ingest/otlp/decode";
import { DecodeError, type DecodedLogs, type DecodedMetrics, type DecodedTraces, type Signal } from "@/ingest/otlp/types";

const TRACE = "5B8EFFF798038103D269B633813FC60C";
const SPAN = "EEE19B7EC3C1B174";
const traces = (doc: unknown) => decodeJson("traces", JSON.stringify(doc)) as DecodedTraces;
const spansOf = (d: DecodedTraces) => d.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
const oneScope = (spans: unknown) => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
const span = (extra: Record<string, unknown> = {}) => ({ traceId: TRACE, spanId: SPAN, name: "op", ...extra });

function expectDecodeError(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DecodeError);
  expect((caught as Error).message).toMatch(message);
}

describe("decodeJson: OTLP/JSON mapping", () => {
  it("reads camelCase and proto snake_case names, hex ids in any case, 64-bit ints as strings or numbers", () => {
    const [a, b] = spansOf(
      traces({
        resource_spans: [
          {
            resource: { attributes: [{ key: "service.name", value: { string_value: "svc" } }] },
            scope_spans: [
              {
                scope: { name: "lib", version: "2" },
                spans: [
                  span({ parentSpanId: "00f067aa0ba902b7", kind: 3, startTimeUnixNano: "18446744073709551615", endTimeUnixNano: 1700000000000000000 }),
                  {
                    trace_id: TRACE.toLowerCase(),
                    span_id: SPAN,
                    parent_span_id: "",
                    name: "snake",
                    start_time_unix_nano: "9007199254740993",
                    status: { code: 1, message: "fine" },
                    events: [{ time_unix_nano: "1", name: "e", attributes: [{ key: "n", value: { int_value: 5 } }] }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(a).toEqual({
      traceId: TRACE.toLowerCase(),
      spanId: SPAN.toLowerCase(),
      parentSpanId: "00f067aa0ba902b7",
      name: "op",
      kind: 3,
      startTimeUnixNano: 18446744073709551615n,
      endTimeUnixNano: 1700000000000000000n,
      attributes: {},
      events: [],
      status: { code: 0, message: "" },
    });
    expect(b).toMatchObject({
      traceId: TRACE.toLowerCase(),
      spanId: SPAN.toLowerCase(),
      parentSpanId: "",
      name: "snake",
      startTimeUnixNano: 9007199254740993n, // 2^53 + 1, exact
      status: { code: 1, message: "fine" },
      events: [{ timeUnixNano: 1n, name: "e", attributes: { n: 5n } }],
    });
    expect(b.invalid).toBeUndefined();
  });

  it("accepts enum names leniently", () => {
    const spans = spansOf(
      traces(oneScope([span({ kind: "SPAN_KIND_SERVER", status: { code: "STATUS_CODE_ERROR" } }), span({ kind: "consumer" }), span({ kind: "SPAN_KIND_BOGUS" })])),
    );
    expect(spans.map((s) => [s.kind, s.status.code])).toEqual([
      [2, 2],
      [5, 0],
      [0, 0],
    ]);
    expect(spans[2].invalid).toBe('resourceSpans[0].scopeSpans[0].spans[2].kind: unknown value "SPAN_KIND_BOGUS"');

    const logs = decodeJson("logs", JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: "SEVERITY_NUMBER_WARN" }, { severityNumber: "17" }] }] }] })) as DecodedLogs;
    expect(logs.resourceLogs[0].scopeLogs[0].logRecords.map((r) => r.severityNumber)).toEqual([13, 17]);

    const metrics = decodeJson(
      "metrics",
      JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: "s", sum: { aggregationTemporality: "AGGREGATION_TEMPORALITY_CUMULATIVE", dataPoints: [] } }] }] }] }),
    ) as DecodedMetrics;
    expect(metrics.resourceMetrics[0].scopeMetrics[0].metrics[0]).toMatchObject({ type: "sum", temporality: 2 });
  });

  it("maps every AnyValue form", () => {
    const [s] = spansOf(
      traces(
        oneScope([
          span({
            attributes: [
              { key: "s", value: { stringValue: "x" } },
              { key: "b", value: { boolValue: true } },
              { key: "i", value: { intValue: "-9223372036854775808" } },
              { key: "i2", value: { intValue: 7 } },
              { key: "d", value: { doubleValue: 2.5 } },
              { key: "nan", value: { doubleValue: "NaN" } },
              { key: "inf", value: { doubleValue: "-Infinity" } },
              { key: "bytes", value: { bytesValue: "AAH/" } },
              { key: "urlsafe", value: { bytesValue: "-_8" } },
              { key: "arr", value: { arrayValue: { values: [{ intValue: "1" }, { stringValue: "two" }, {}] } } },
              { key: "map", value: { kvlistValue: { values: [{ key: "k", value: { boolValue: false } }, { key: "none" }] } } },
              { key: "emptyArr", value: { arrayValue: {} } },
              { key: "empty", value: {} },
              { key: "null", value: null },
              { key: "dup", value: { stringValue: "a" } },
              { key: "dup", value: { stringValue: "b" } },
            ],
          }),
        ]),
      ),
    );
    expect(s.invalid).toBeUndefined();
    expect(s.attributes).toEqual({
      s: "x",
      b: true,
      i: -9223372036854775808n,
      i2: 7n,
      d: 2.5,
      nan: NaN,
      inf: -Infinity,
      bytes: Uint8Array.of(0, 1, 255),
      urlsafe: Uint8Array.of(0xfb, 0xff),
      arr: [1n, "two", null],
      map: { k: false, none: null },
      emptyArr: [],
      empty: null,
      null: null,
      dup: "b",
    });
  });

  it("fills defaults for missing optional fields and empty documents", () => {
    expect(decodeJson("traces", "{}")).toEqual({ signal: "traces", resourceSpans: [] });
    expect(decodeJson("metrics", '{"resourceMetrics": null}')).toEqual({ signal: "metrics", resourceMetrics: [] });
    const d = decodeJson("logs", '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{}]}]}]}') as DecodedLogs;
    expect(d.resourceLogs[0]).toEqual({
      resource: { attributes: {} },
      scopeLogs: [
        {
          scope: { name: "", version: "" },
          logRecords: [
            {
              timeUnixNano: 0n,
              observedTimeUnixNano: 0n,
              severityNumber: 0,
              severityText: "",
              eventName: "",
              body: null,
              attributes: {},
              traceId: "",
              spanId: "",
            },
          ],
        },
      ],
    });
  });

  it("decodes every metric kind with numbers or strings", () => {
    const t = { startTimeUnixNano: "1", timeUnixNano: "2" };
    const d = decodeJson(
      "metrics",
      JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  { name: "g", gauge: { dataPoints: [{ ...t, asInt: "9007199254740993" }, { ...t, asDouble: "Infinity" }] } },
                  { name: "h", histogram: { aggregationTemporality: 1, dataPoints: [{ ...t, count: 3, sum: 1.5, bucketCounts: ["1", 2], explicitBounds: [0.5] }] } },
                  { name: "e", exponential_histogram: { data_points: [{ ...t, count: "2", scale: -1, zero_count: "1", negative: { offset: -4, bucket_counts: ["1"] } }] } },
                  { name: "q", summary: { dataPoints: [{ ...t, count: "2", sum: 3, quantileValues: [{ quantile: 0.5, value: 1 }, {}] }] } },
                  { name: "none", unit: "1" },
                ],
              },
            ],
          },
        ],
      }),
    ) as DecodedMetrics;
    const [g, h, e, q, none] = d.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(g.type === "gauge" && g.points.map((p) => p.value)).toEqual([9007199254740992, Infinity]);
    expect(h).toMatchObject({ type: "histogram", temporality: 1 });
    expect(h.points[0]).toMatchObject({ count: 3, sum: 1.5, bucketCounts: [1, 2], explicitBounds: [0.5], min: null, max: null, startTimeUnixNano: 1n, timeUnixNano: 2n });
    expect(e).toMatchObject({ type: "exponential_histogram", temporality: 0 });
    expect(e.points[0]).toMatchObject({ count: 2, sum: null, scale: -1, zeroCount: 1, positive: { offset: 0, bucketCounts: [] }, negative: { offset: -4, bucketCounts: [1] } });
    expect(q.points[0]).toMatchObject({ count: 2, sum: 3, quantileValues: [{ quantile: 0.5, value: 1 }, { quantile: 0, value: 0 }] });
    expect(none).toEqual({ name: "none", unit: "1", description: "", type: "empty", points: [] });
    for (const m of [g, h, e, q]) for (const p of m.points) expect(p.invalid).toBeUndefined();
  });
});

describe("decodeJson: record-level problems mark the record, not the request", () => {
  const P = "resourceSpans[0].scopeSpans[0].spans";

  it("bad ids", () => {
    const spans = spansOf(
      traces(
        oneScope([
          span(),
          span({ traceId: "5B8EFF" }),
          span({ traceId: 12 }),
          span({ spanId: "zzzzzzzzzzzzzzzz" }),
          span({ traceId: "" }),
          span({ spanId: undefined }),
          span({ parentSpanId: "abc" }),
          span({ traceId: "5b8efff798038103d269b633813fc60c5b8efff798038103d269b633813fc60c" }),
        ]),
      ),
    );
    expect(spans.map((s) => s.invalid)).toEqual([
      undefined,
      `${P}[1].traceId: expected 32 hex chars, got "5B8EFF" (6 chars)`,
      `${P}[2].traceId: expected 32 hex chars, got a number`,
      `${P}[3].spanId: expected 16 hex chars, got "zzzzzzzzzzzzzzzz" (16 chars)`,
      `${P}[4].traceId: expected 32 hex chars, got none`,
      `${P}[5].spanId: expected 16 hex chars, got none`,
      `${P}[6].parentSpanId: expected 16 hex chars, got "abc" (3 chars)`,
      `${P}[7].traceId: expected 32 hex chars, got "5b8efff798038103d269b633813fc60c5b8efff7" (64 chars)`,
    ]);
  });

  it("bad timestamps, strings and attribute values", () => {
    const spans = spansOf(
      traces(
        oneScope([
          span({ startTimeUnixNano: "12.5" }),
          span({ endTimeUnixNano: "-1" }),
          span({ startTimeUnixNano: "18446744073709551616" }), // 2^64
          span({ startTimeUnixNano: 1.5 }),
          span({ name: 5 }),
          span({ attributes: [{ key: "ok", value: { stringValue: "x" } }, { key: "n", value: { intValue: "twelve" } }] }),
          span({ attributes: [{ key: "s", value: { stringValue: 5 } }] }),
          span({ attributes: [{ key: "two", value: { stringValue: "a", intValue: "1" } }] }),
          span({ attributes: [{ key: "b", value: { bytesValue: "not base64!" } }] }),
          span({ attributes: [{ key: 7, value: { stringValue: "x" } }] }),
          span({ attributes: [5] }),
          span({ attributes: { key: "x" } }),
          span({ attributes: [{ key: "arr", value: { arrayValue: { values: [{ stringValue: "ok" }, { doubleValue: "lots" }] } } }] }),
          span({ events: [{ name: "ok" }, 3] }),
          span({ status: "error" }),
          span({ kind: 2.5 }),
        ]),
      ),
    );
    expect(spans.map((s) => s.invalid)).toEqual([
      `${P}[0].startTimeUnixNano: expected an unsigned 64-bit integer (decimal string or number)`,
      `${P}[1].endTimeUnixNano: expected an unsigned 64-bit integer (decimal string or number)`,
      `${P}[2].startTimeUnixNano: expected an unsigned 64-bit integer (decimal string or number)`,
      `${P}[3].startTimeUnixNano: expected an unsigned 64-bit integer (decimal string or number)`,
      `${P}[4].name: expected a string`,
      `${P}[5].attributes[1].value.intValue: expected a signed 64-bit integer (decimal string or number)`,
      `${P}[6].attributes[0].value.stringValue: expected a string`,
      `${P}[7].attributes[0].value: more than one value set (stringValue, intValue)`,
      `${P}[8].attributes[0].value.bytesValue: expected a base64 string`,
      `${P}[9].attributes[0].key: expected a string`,
      `${P}[10].attributes[0]: expected a {key, value} object`,
      `${P}[11].attributes: expected an array`,
      `${P}[12].attributes[0].value.arrayValue.values[1].doubleValue: expected a number`,
      `${P}[13].events[1]: expected an object`,
      `${P}[14].status: expected an object`,
      `${P}[15].kind: expected an enum number or name`,
    ]);
    // The good parts of an invalid record are still decoded.
    expect(spans[5].attributes).toEqual({ ok: "x" });
    expect(spans[13].events).toEqual([{ timeUnixNano: 0n, name: "ok", attributes: {} }]);
  });

  it("entries and lists of the wrong type become invalid stand-in records; siblings survive", () => {
    const d = traces({
      resourceSpans: [
        { scopeSpans: [{ spans: 5 }, { spans: [span(), "nope", null, span({ name: "after" })] }, 7] },
        { scopeSpans: "x" },
        3,
        { resource: { attributes: [{ key: "svc", value: { stringValue: "ok" } }] }, scopeSpans: [{ scope: { name: "lib" }, spans: [span({ name: "fine" })] }] },
      ],
    });
    const summary = d.resourceSpans.map((r) => r.scopeSpans.map((s) => s.spans.map((x) => x.invalid ?? x.name)));
    expect(summary).toEqual([
      [
        ["resourceSpans[0].scopeSpans[0].spans: expected an array"],
        ["op", "resourceSpans[0].scopeSpans[1].spans[1]: expected an object", "resourceSpans[0].scopeSpans[1].spans[2]: expected an object", "after"],
        ["resourceSpans[0].scopeSpans[2]: expected an object"],
      ],
      [["resourceSpans[1].scopeSpans: expected an array"]],
      [["resourceSpans[2]: expected an object"]],
      [["fine"]],
    ]);
    expect(d.resourceSpans[3].resource.attributes).toEqual({ svc: "ok" });
    expect(d.resourceSpans[3].scopeSpans[0].scope).toEqual({ name: "lib", version: "" });
  });

  it("a bad resource or scope invalidates every record under it", () => {
    const d = traces({
      resourceSpans: [
        { resource: { attributes: [{ key: "r", value: { intValue: "x" } }] }, scopeSpans: [{ spans: [span(), span()] }] },
        { resource: 5, scopeSpans: [{ spans: [span()] }] },
        { scopeSpans: [{ scope: { name: 1 }, spans: [span()] }, { scope: { name: "ok" }, spans: [span()] }] },
      ],
    });
    expect(d.resourceSpans.map((r) => r.scopeSpans.map((s) => s.spans.map((x) => x.invalid)))).toEqual([
      [["resourceSpans[0].resource.attributes[0].value.intValue: expected a signed 64-bit integer (decimal string or number)", "resourceSpans[0].resource.attributes[0].value.intValue: expected a signed 64-bit integer (decimal string or number)"]],
      [["resourceSpans[1].resource: expected an object"]],
      [["resourceSpans[2].scopeSpans[0].scope.name: expected a string"], [undefined]],
    ]);
  });

  it("logs: ids optional but checked, body problems", () => {
    const d = decodeJson(
      "logs",
      JSON.stringify({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  { body: { stringValue: "ok" }, traceId: "", spanId: "" },
                  { traceId: "abc" },
                  { spanId: 12345678 },
                  { body: { intValue: true } },
                  { body: "plain string" },
                  { eventName: ["x"] },
                ],
              },
            ],
          },
        ],
      }),
    ) as DecodedLogs;
    const L = "resourceLogs[0].scopeLogs[0].logRecords";
    expect(d.resourceLogs[0].scopeLogs[0].logRecords.map((r) => r.invalid)).toEqual([
      undefined,
      `${L}[1].traceId: expected 32 hex chars, got "abc" (3 chars)`,
      `${L}[2].spanId: expected 16 hex chars, got a number`,
      `${L}[3].body.intValue: expected a signed 64-bit integer (decimal string or number)`,
      `${L}[4].body: expected an AnyValue object`,
      `${L}[5].eventName: expected a string`,
    ]);
  });

  it("metrics: the metric's problems are carried by its points", () => {
    const d = decodeJson(
      "metrics",
      JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  { name: 5, gauge: { dataPoints: [{ asDouble: 1 }, { asDouble: 2 }] } },
                  { name: "two", gauge: { dataPoints: [{ asDouble: 1 }] }, sum: { dataPoints: [] } },
                  { name: "g", gauge: 5 },
                  { name: "s", sum: { dataPoints: [{ asDouble: 1 }, { asInt: "x" }, {}, { asDouble: 1, asInt: "1" }, { flags: 1 }, "p"] } },
                  { name: "h", histogram: { dataPoints: [{ bucketCounts: ["1"], explicitBounds: [1] }, { bucketCounts: ["x", "1"], explicitBounds: [1] }] } },
                  "not a metric",
                  { name: "late", sum: { aggregationTemporality: "sideways", dataPoints: [{ asDouble: 1 }] } },
                ],
              },
            ],
          },
        ],
      }),
    ) as DecodedMetrics;
    const M = "resourceMetrics[0].scopeMetrics[0].metrics";
    const ms = d.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(ms.map((m) => [m.type, m.points.map((p) => p.invalid)])).toEqual([
      ["gauge", [`${M}[0].name: expected a string`, `${M}[0].name: expected a string`]],
      ["gauge", [`${M}[1]: more than one data field set (gauge, sum)`]],
      ["gauge", [`${M}[2].gauge: expected an object`]],
      [
        "sum",
        [
          undefined,
          `${M}[3].sum.dataPoints[1].asInt: expected a signed 64-bit integer (decimal string or number)`,
          `${M}[3].sum.dataPoints[2]: has no value (asDouble or asInt)`,
          `${M}[3].sum.dataPoints[3]: has both asDouble and asInt`,
          undefined,
          `${M}[3].sum.dataPoints[5]: expected an object`,
        ],
      ],
      [
        "histogram",
        [`${M}[4].histogram.dataPoints[0]: has 1 bucket counts for 1 explicit bounds (expected 2)`, `${M}[4].histogram.dataPoints[1].bucketCounts[0]: expected an unsigned 64-bit integer`],
      ],
      ["gauge", [`${M}[5]: expected an object`]],
      ["sum", [`${M}[6].sum.aggregationTemporality: unknown value "sideways"`]],
    ]);
    expect(ms[2].points).toHaveLength(1); // the stand-in for the unusable gauge
  });
});

describe("decodeJson: nesting depth", () => {
  const nested = (depth: number, leaf: unknown = { stringValue: "leaf" }) => {
    const open = '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth);
    return open + JSON.stringify(leaf) + "}]}}".repeat(depth);
  };
  const withAttr = (value: string) =>
    `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN}","attributes":[{"key":"fine","value":{"intValue":"1"}},{"key":"deep","value":${value}}]}]}]}]}`;

  it("accepts 32 levels and marks deeper values invalid", () => {
    const ok = spansOf(decodeJson("traces", withAttr(nested(31))) as DecodedTraces)[0];
    expect(ok.invalid).toBeUndefined();
    let v: unknown = ok.attributes.deep;
    for (let i = 0; i < 31; i++) v = (v as Record<string, unknown>).k;
    expect(v).toBe("leaf");

    const deep = spansOf(decodeJson("traces", withAttr(nested(32))) as DecodedTraces)[0];
    expect(deep.invalid).toBe('resourceSpans[0].scopeSpans[0].spans[0].attributes: attribute "deep" nested deeper than 32');
    expect(deep.attributes).toEqual({ fine: 1n });
  });

  it("survives 10,000 levels without a stack overflow (kvlist and array)", () => {
    const kv = spansOf(decodeJson("traces", withAttr(nested(10_000))) as DecodedTraces)[0];
    expect(kv.invalid).toBe('resourceSpans[0].scopeSpans[0].spans[0].attributes: attribute "deep" nested deeper than 32');
    const arr = '{"arrayValue":{"values":['.repeat(10_000) + '{"boolValue":true}' + "]}}".repeat(10_000);
    expect(spansOf(decodeJson("traces", withAttr(arr)) as DecodedTraces)[0].invalid).toMatch(/attribute "deep" nested deeper than 32$/);
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${nested(10_000)}}]}]}]}`;
    expect((decodeJson("logs", body) as DecodedLogs).resourceLogs[0].scopeLogs[0].logRecords[0].invalid).toBe(
      "resourceLogs[0].scopeLogs[0].logRecords[0].body: nested deeper than 32",
    );
  });
});

describe("decodeJson: unusable documents throw DecodeError", () => {
  it("not JSON", () => {
    expectDecodeError(() => decodeJson("traces", "{not json"), /^invalid JSON: /);
    expectDecodeError(() => decodeJson("traces", ""), /^invalid JSON: /);
  });

  it("not an object at the top", () => {
    expectDecodeError(() => decodeJson("traces", "[]"), /^OTLP\/JSON body must be an object, got an array$/);
    expectDecodeError(() => decodeJson("logs", "null"), /^OTLP\/JSON body must be an object, got null$/);
    expectDecodeError(() => decodeJson("metrics", '"x"'), /^OTLP\/JSON body must be an object, got string$/);
  });

  it("top-level list not an array", () => {
    expectDecodeError(() => decodeJson("traces", '{"resourceSpans": 5}'), /^OTLP\/JSON resourceSpans must be an array, got number$/);
    expectDecodeError(() => decodeJson("metrics", '{"resource_metrics": {}}'), /^OTLP\/JSON resourceMetrics must be an array, got object$/);
  });

  it("invalid UTF-8 (via decodeRequest)", () => {
    expectDecodeError(() => decodeRequest("traces", "json", Uint8Array.of(0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d)), /^OTLP\/JSON body is not valid UTF-8$/);
  });

  // Replace every value in each official example with values of other types: only the
  // document's own shape may make the request fail, and only with a DecodeError.
  it.each([
    ["traces", "trace.json"],
    ["metrics", "metrics.json"],
    ["logs", "logs.json"],
    ["logs", "events.json"],
  ] as const)("%s %s: any value of any type anywhere decodes or throws DecodeError", (signal: Signal, file) => {
    const doc = JSON.parse(readFileSync(path.join(__dirname, "../fixtures/otlp", file), "utf8"));
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...p, Array.isArray(v) ? Number(k) : k]);
    };
    walk(doc, []);
    let thrown = 0;
    let invalid = 0;
    for (const p of paths) {
      for (const replacement of [5, -1.5, "x", "", true, null, [], {}, [5], { a: 1 }]) {
        const copy = structuredClone(doc);
        if (p.length === 0) continue;
        let parent = copy;
        for (const k of p.slice(0, -1)) parent = parent[k];
        parent[p[p.length - 1]] = replacement;
        try {
          const d = decodeJson(signal, JSON.stringify(copy));
          if (JSON.stringify(d, (_k, v) => (typeof v === "bigint" ? String(v) : v)).includes('"invalid"')) invalid++;
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          expect(p).toHaveLength(1); // only the top-level list
          thrown++;
        }
      }
    }
    expect(thrown).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(paths.length);
  });
});
