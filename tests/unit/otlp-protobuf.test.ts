// decodeProtobuf: field mapping, 64-bit exactness, per-record validation, and hostile input.
import { describe, expect, it } from "vitest";
import protobuf from "protobufjs";
import { decodeProtobuf } from "@/ingest/otlp/decode-protobuf";
import { requestTypes } from "@/ingest/otlp/schema";
import { DecodeError, type DecodedLogs, type DecodedMetrics, type DecodedTraces, type Signal } from "@/ingest/otlp/types";

const bytes = (n: number, fill = 0xab) => new Uint8Array(n).fill(fill);
const TRACE_ID = Uint8Array.from(Buffer.from("5b8efff798038103d269b633813fc60c", "hex"));
const SPAN_ID = Uint8Array.from(Buffer.from("eee19b7ec3c1b174", "hex"));

function encode(signal: Signal, message: Record<string, unknown>): Uint8Array {
  const type = requestTypes[signal];
  return type.encode(type.fromObject(message)).finish();
}

const traces = (spans: Record<string, unknown>[], resourceAttributes: unknown[] = []) =>
  decodeProtobuf("traces", encode("traces", { resource_spans: [{ resource: { attributes: resourceAttributes }, scope_spans: [{ scope: { name: "s", version: "1" }, spans }] }] })) as DecodedTraces;
const span = (extra: Record<string, unknown> = {}) => ({ trace_id: TRACE_ID, span_id: SPAN_ID, name: "op", ...extra });
const spansOf = (d: DecodedTraces) => d.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));

// Wire-format builders for messages too deep or too odd for protobufjs to encode.
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
const ld = (field: number, payload: Uint8Array | number[]) => [(field << 3) | 2, ...varint(payload.length), ...payload];

/** An AnyValue: `depth` kvlists {key: …} around the string "leaf", built without recursion. */
function nestedAnyValue(key: string, depth: number): Uint8Array {
  const keyBytes = [...Buffer.from(key)];
  const leaf = ld(1, [...Buffer.from("leaf")]);
  const prefixes: number[][] = []; // outermost last
  let size = leaf.length;
  for (let i = 0; i < depth; i++) {
    // AnyValue{kvlist_value: KeyValueList{values: [KeyValue{key, value: <inner>}]}}
    const kvHead = [...ld(1, keyBytes), 0x12, ...varint(size)];
    const kvSize = kvHead.length + size;
    const listHead = [0x0a, ...varint(kvSize)];
    const anyHead = [0x32, ...varint(listHead.length + kvSize)];
    prefixes.push([...anyHead, ...listHead, ...kvHead]);
    size += anyHead.length + listHead.length + kvHead.length;
  }
  const out = new Uint8Array(size);
  let pos = 0;
  for (let i = prefixes.length - 1; i >= 0; i--) {
    out.set(prefixes[i], pos);
    pos += prefixes[i].length;
  }
  out.set(leaf, pos);
  return out;
}

/** KeyValue{key, value: nestedAnyValue(key, depth)}: at depth 0 the value is "leaf". */
const nestedKvlist = (key: string, depth: number) => Uint8Array.from([...ld(1, [...Buffer.from(key)]), ...ld(2, nestedAnyValue(key, depth))]);

/** A trace request with one valid span whose attributes are the given raw KeyValue messages. */
function traceWithRawAttributes(...kvs: Uint8Array[]): Uint8Array {
  const spanBytes = [...ld(1, TRACE_ID), ...ld(2, SPAN_ID), ...ld(5, [...Buffer.from("op")]), ...kvs.flatMap((kv) => ld(9, kv))];
  return Uint8Array.from(ld(1, ld(2, ld(2, spanBytes))));
}

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

describe("decodeProtobuf: traces", () => {
  it("maps ids to lowercase hex and keeps 64-bit times exact above 2^53", () => {
    const [s] = spansOf(
      traces([
        span({
          parent_span_id: bytes(8, 0x0f),
          kind: 2,
          start_time_unix_nano: "18446744073709551615", // 2^64 - 1
          end_time_unix_nano: "9007199254740993", // 2^53 + 1: not representable as a double
          status: { code: 2, message: "bad" },
          events: [{ time_unix_nano: "9007199254740995", name: "ev", attributes: [{ key: "k", value: { int_value: "-9223372036854775808" } }] }],
        }),
      ]),
    );
    expect(s).toEqual({
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      parentSpanId: "0f0f0f0f0f0f0f0f",
      name: "op",
      kind: 2,
      startTimeUnixNano: 18446744073709551615n,
      endTimeUnixNano: 9007199254740993n,
      attributes: {},
      events: [{ timeUnixNano: 9007199254740995n, name: "ev", attributes: { k: -9223372036854775808n } }],
      status: { code: 2, message: "bad" },
    });
  });

  it("maps every AnyValue kind; later duplicate keys win", () => {
    const [s] = spansOf(
      traces([
        span({
          attributes: [
            { key: "s", value: { string_value: "x" } },
            { key: "b", value: { bool_value: false } },
            { key: "i", value: { int_value: "9007199254740993" } },
            { key: "d", value: { double_value: -0.5 } },
            { key: "bytes", value: { bytes_value: Uint8Array.of(0, 1, 255) } },
            { key: "arr", value: { array_value: { values: [{ int_value: 1 }, { string_value: "two" }, {}] } } },
            { key: "map", value: { kvlist_value: { values: [{ key: "inner", value: { bool_value: true } }, { key: "empty" }] } } },
            { key: "unset", value: {} },
            { key: "dup", value: { string_value: "first" } },
            { key: "dup", value: { string_value: "second" } },
            { key: "__proto__", value: { string_value: "not a prototype" } },
          ],
        }),
      ]),
    );
    expect(s.attributes.s).toBe("x");
    expect(s.attributes.b).toBe(false);
    expect(s.attributes.i).toBe(9007199254740993n);
    expect(s.attributes.d).toBe(-0.5);
    expect(s.attributes.bytes).toEqual(Uint8Array.of(0, 1, 255));
    expect(s.attributes.bytes).not.toBeInstanceOf(Buffer); // a copy, not a view of the request
    expect(s.attributes.arr).toEqual([1n, "two", null]);
    expect(s.attributes.map).toEqual({ inner: true, empty: null });
    expect(s.attributes.unset).toBeNull();
    expect(s.attributes.dup).toBe("second");
    expect(Object.getPrototypeOf(s.attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(s.attributes, "__proto__")?.value).toBe("not a prototype");
  });

  it("marks spans with wrong-length or empty ids invalid without throwing, keeping siblings", () => {
    const d = traces([
      span(),
      span({ trace_id: bytes(5) }),
      span({ span_id: bytes(9) }),
      span({ trace_id: new Uint8Array(0) }),
      span({ span_id: new Uint8Array(0) }),
      span({ parent_span_id: bytes(4) }),
      span({ parent_span_id: new Uint8Array(0) }),
    ]);
    expect(spansOf(d).map((s) => s.invalid)).toEqual([
      undefined,
      "resource_spans[0].scope_spans[0].spans[1].trace_id: must be 16 bytes, got 5",
      "resource_spans[0].scope_spans[0].spans[2].span_id: must be 8 bytes, got 9",
      "resource_spans[0].scope_spans[0].spans[3].trace_id: must be 16 bytes, got 0",
      "resource_spans[0].scope_spans[0].spans[4].span_id: must be 8 bytes, got 0",
      "resource_spans[0].scope_spans[0].spans[5].parent_span_id: must be 8 bytes, got 4",
      undefined,
    ]);
    expect(spansOf(d)[1].traceId).toBe("ababababab");
  });

  it("defaults everything absent", () => {
    const d = decodeProtobuf("traces", encode("traces", { resource_spans: [{ scope_spans: [{ spans: [{}] }] }] })) as DecodedTraces;
    expect(d.resourceSpans[0].resource).toEqual({ attributes: {} });
    expect(d.resourceSpans[0].scopeSpans[0].scope).toEqual({ name: "", version: "" });
    expect(d.resourceSpans[0].scopeSpans[0].spans[0]).toMatchObject({
      traceId: "",
      spanId: "",
      parentSpanId: "",
      name: "",
      kind: 0,
      startTimeUnixNano: 0n,
      endTimeUnixNano: 0n,
      attributes: {},
      events: [],
      status: { code: 0, message: "" },
    });
    expect(decodeProtobuf("traces", new Uint8Array(0))).toEqual({ signal: "traces", resourceSpans: [] });
  });

  it("skips unknown fields and fields with an unexpected wire type", () => {
    const unknownField = [0xf8, 0x07, 0x01]; // field 127, varint
    const wrongType = [0x28, 0x05]; // name (5) sent as a varint instead of a string
    const spanBytes = [...ld(1, TRACE_ID), ...ld(2, SPAN_ID), ...unknownField, ...wrongType, ...ld(5, [...Buffer.from("op")])];
    const d = decodeProtobuf("traces", Uint8Array.from(ld(1, ld(2, ld(2, spanBytes))))) as DecodedTraces;
    expect(spansOf(d)[0]).toMatchObject({ name: "op", traceId: "5b8efff798038103d269b633813fc60c" });
    expect(spansOf(d)[0].invalid).toBeUndefined();
  });
});

describe("decodeProtobuf: nesting depth", () => {
  it("accepts AnyValue nesting up to 32 and marks deeper values invalid", () => {
    const ok = spansOf(decodeProtobuf("traces", traceWithRawAttributes(nestedKvlist("ok", 31))) as DecodedTraces)[0];
    expect(ok.invalid).toBeUndefined();
    let v: unknown = ok.attributes.ok;
    for (let i = 0; i < 31; i++) v = (v as Record<string, unknown>).ok;
    expect(v).toBe("leaf");

    const deep = spansOf(decodeProtobuf("traces", traceWithRawAttributes(nestedKvlist("fine", 0), nestedKvlist("deep", 32))) as DecodedTraces)[0];
    expect(deep.invalid).toBe('resource_spans[0].scope_spans[0].spans[0].attributes: attribute "deep" nested deeper than 32');
    expect(deep.attributes).toEqual({ fine: "leaf" });
  });

  // protobufjs enforces its own recursion limit on message nesting (decode-protobuf.ts raises
  // it to 200 while decoding). A kvlist level is 3 messages and span attribute values start
  // at depth 5, so 65 wrappings (66 levels, innermost at 200) still decode; 66 do not.
  it("beyond the cap but within protobufjs's limit: the record is invalid, the request decodes", () => {
    const s = spansOf(decodeProtobuf("traces", traceWithRawAttributes(nestedKvlist("deep", 65))) as DecodedTraces)[0];
    expect(s.invalid).toBe('resource_spans[0].scope_spans[0].spans[0].attributes: attribute "deep" nested deeper than 32');
    expect(s.attributes).toEqual({});
  });

  it("beyond protobufjs's recursion limit: the whole request is a DecodeError", () => {
    expectDecodeError(() => decodeProtobuf("traces", traceWithRawAttributes(nestedKvlist("deep", 66))), /^invalid OTLP protobuf ExportTraceServiceRequest: messages nested deeper than 200 levels$/);
  });

  it("10,000 levels of kvlist end as a DecodeError, not a stack overflow", () => {
    expectDecodeError(() => decodeProtobuf("traces", traceWithRawAttributes(nestedKvlist("bomb", 10_000))), /nested deeper than 200 levels/);
    const rec = [...ld(5, nestedAnyValue("b", 10_000)), ...ld(9, TRACE_ID)];
    expectDecodeError(() => decodeProtobuf("logs", Uint8Array.from(ld(1, ld(2, ld(2, rec))))), /^invalid OTLP protobuf ExportLogsServiceRequest: messages nested deeper than 200 levels$/);
  });

  it("restores protobufjs's global recursion limit after decoding", () => {
    const before = protobuf.Reader.recursionLimit;
    decodeProtobuf("traces", traceWithRawAttributes(nestedKvlist("ok", 3)));
    expect(() => decodeProtobuf("traces", traceWithRawAttributes(nestedKvlist("bomb", 1000)))).toThrow(DecodeError);
    expect(protobuf.Reader.recursionLimit).toBe(before);
  });

  it("metric points: a 33-level attribute marks the point invalid; a 32-level exemplar attribute is no 400", () => {
    // Exemplar.filtered_attributes sit deepest (values at message depth 8): with protobufjs's
    // default limit of 100, 32 levels there would fail the whole request.
    const exemplar = ld(7, nestedKvlist("ex", 31));
    const point = (attrs: Uint8Array) => [0x21, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, ...ld(5, exemplar), ...ld(7, attrs)]; // as_double 1
    const metric = [...ld(1, [...Buffer.from("m")]), ...ld(5, [...ld(1, point(nestedKvlist("ok", 31))), ...ld(1, point(nestedKvlist("deep", 32)))])];
    const d = decodeProtobuf("metrics", Uint8Array.from(ld(1, ld(2, ld(2, metric))))) as DecodedMetrics;
    const [ok, deep] = d.resourceMetrics[0].scopeMetrics[0].metrics[0].points;
    expect(ok.invalid).toBeUndefined();
    expect(ok).toMatchObject({ value: 1 });
    expect(deep.invalid).toBe('resource_metrics[0].scope_metrics[0].metrics[0].gauge.data_points[1].attributes: attribute "deep" nested deeper than 32');
  });

  it("a too-deep resource attribute invalidates the records under it", () => {
    const resourceBytes = ld(1, nestedKvlist("r", 40));
    const spanBytes = [...ld(1, TRACE_ID), ...ld(2, SPAN_ID)];
    const d = decodeProtobuf("traces", Uint8Array.from(ld(1, [...ld(1, resourceBytes), ...ld(2, [...ld(2, spanBytes), ...ld(2, spanBytes)])]))) as DecodedTraces;
    expect(spansOf(d).map((s) => s.invalid)).toEqual([
      'resource_spans[0].resource.attributes: attribute "r" nested deeper than 32',
      'resource_spans[0].resource.attributes: attribute "r" nested deeper than 32',
    ]);
  });

  it("a too-deep log body invalidates the record", () => {
    const rec = [...ld(5, nestedAnyValue("b", 50)), ...ld(9, TRACE_ID)];
    const d = decodeProtobuf("logs", Uint8Array.from(ld(1, ld(2, ld(2, rec))))) as DecodedLogs;
    expect(d.resourceLogs[0].scopeLogs[0].logRecords[0]).toMatchObject({
      body: null,
      invalid: "resource_logs[0].scope_logs[0].log_records[0].body: nested deeper than 32",
    });
  });
});

describe("decodeProtobuf: logs", () => {
  const logs = (records: Record<string, unknown>[]) =>
    (decodeProtobuf("logs", encode("logs", { resource_logs: [{ scope_logs: [{ log_records: records }] }] })) as DecodedLogs).resourceLogs[0].scopeLogs[0].logRecords;

  it("maps every field, including event_name (12)", () => {
    const [rec] = logs([
      {
        time_unix_nano: "1700000000000000001",
        observed_time_unix_nano: "18446744073709551000",
        severity_number: 17,
        severity_text: "ERROR",
        event_name: "gen_ai.choice",
        body: { kvlist_value: { values: [{ key: "msg", value: { string_value: "hi" } }] } },
        attributes: [{ key: "a", value: { double_value: 1.25 } }],
        trace_id: TRACE_ID,
        span_id: SPAN_ID,
      },
    ]);
    expect(rec).toEqual({
      timeUnixNano: 1700000000000000001n,
      observedTimeUnixNano: 18446744073709551000n,
      severityNumber: 17,
      severityText: "ERROR",
      eventName: "gen_ai.choice",
      body: { msg: "hi" },
      attributes: { a: 1.25 },
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
    });
  });

  it("allows empty ids but not wrong-length ones", () => {
    const recs = logs([{}, { trace_id: bytes(15) }, { trace_id: TRACE_ID, span_id: bytes(7) }]);
    expect(recs[0]).toMatchObject({ traceId: "", spanId: "", body: null, eventName: "" });
    expect(recs[0].invalid).toBeUndefined();
    expect(recs[1].invalid).toBe("resource_logs[0].scope_logs[0].log_records[1].trace_id: must be 16 bytes, got 15");
    expect(recs[2].invalid).toBe("resource_logs[0].scope_logs[0].log_records[2].span_id: must be 8 bytes, got 7");
  });
});

describe("decodeProtobuf: metrics", () => {
  const metrics = (list: Record<string, unknown>[]) =>
    (decodeProtobuf("metrics", encode("metrics", { resource_metrics: [{ scope_metrics: [{ metrics: list }] }] })) as DecodedMetrics).resourceMetrics[0].scopeMetrics[0].metrics;
  const t = { start_time_unix_nano: "1700000000000000000", time_unix_nano: "1700000060000000000" };

  it("maps each data oneof to the Metric union", () => {
    const [gauge, sum, hist, exp, summary, empty] = metrics([
      { name: "g", unit: "By", description: "d", gauge: { data_points: [{ ...t, as_int: "-42" }, { ...t, as_double: 0 }] } },
      { name: "s", sum: { aggregation_temporality: 1, is_monotonic: true, data_points: [{ ...t, as_double: 1.5, attributes: [{ key: "arm", value: { string_value: "canary" } }] }] } },
      { name: "h", histogram: { aggregation_temporality: 2, data_points: [{ ...t, count: "3", sum: 6, bucket_counts: ["1", "2"], explicit_bounds: [2.5], min: 1, max: 3 }, { ...t, count: "0" }] } },
      {
        name: "e",
        exponential_histogram: {
          aggregation_temporality: 2,
          data_points: [{ ...t, count: "4", sum: 9, scale: -3, zero_count: "1", positive: { offset: -2, bucket_counts: ["1", "2"] }, negative: { offset: 5, bucket_counts: ["0"] } }],
        },
      },
      { name: "q", summary: { data_points: [{ ...t, count: "10", sum: 55, quantile_values: [{ quantile: 0.5, value: 5 }, { quantile: 1, value: 10 }] }] } },
      { name: "nothing" },
    ]);
    expect(gauge).toMatchObject({ name: "g", unit: "By", description: "d", type: "gauge" });
    expect(gauge.points).toEqual([
      { attributes: {}, startTimeUnixNano: 1700000000000000000n, timeUnixNano: 1700000060000000000n, value: -42 },
      { attributes: {}, startTimeUnixNano: 1700000000000000000n, timeUnixNano: 1700000060000000000n, value: 0 },
    ]);
    expect(sum).toMatchObject({ type: "sum", monotonic: true, temporality: 1 });
    expect(sum.points[0]).toMatchObject({ value: 1.5, attributes: { arm: "canary" } });
    expect(hist).toMatchObject({ type: "histogram", temporality: 2 });
    expect(hist.points[0]).toMatchObject({ count: 3, sum: 6, bucketCounts: [1, 2], explicitBounds: [2.5], min: 1, max: 3 });
    expect(hist.points[1]).toMatchObject({ count: 0, sum: null, bucketCounts: [], explicitBounds: [], min: null, max: null });
    expect(exp.points[0]).toMatchObject({
      count: 4,
      sum: 9,
      scale: -3,
      zeroCount: 1,
      positive: { offset: -2, bucketCounts: [1, 2] },
      negative: { offset: 5, bucketCounts: [0] },
      min: null,
      max: null,
    });
    expect(summary.points[0]).toMatchObject({ count: 10, sum: 55, quantileValues: [{ quantile: 0.5, value: 5 }, { quantile: 1, value: 10 }] });
    expect(empty).toEqual({ name: "nothing", unit: "", description: "", type: "empty", points: [] });
    for (const m of [gauge, sum, hist, exp, summary]) for (const p of m.points) expect(p.invalid).toBeUndefined();
  });

  it("marks malformed points invalid", () => {
    const [gauge, hist] = metrics([
      { name: "g", gauge: { data_points: [{ ...t }, { ...t, flags: 1 }] } },
      { name: "h", histogram: { data_points: [{ ...t, count: "3", bucket_counts: ["1", "2"], explicit_bounds: [1, 2] }] } },
    ]);
    expect(gauge.points[0].invalid).toBe("resource_metrics[0].scope_metrics[0].metrics[0].gauge.data_points[0]: has no value (as_double or as_int)");
    // A no-recorded-value marker is not an error; it carries NaN.
    expect(gauge.points[1].invalid).toBeUndefined();
    expect(gauge.type === "gauge" && gauge.points[1].value).toBeNaN();
    expect(hist.points[0].invalid).toBe(
      "resource_metrics[0].scope_metrics[0].metrics[1].histogram.data_points[0]: has 2 bucket counts for 2 explicit bounds (expected 3)",
    );
  });
});

describe("decodeProtobuf: undecodable bodies throw DecodeError", () => {
  const valid = encode("traces", { resource_spans: [{ resource: { attributes: [{ key: "k", value: { string_value: "v" } }] }, scope_spans: [{ spans: [span({ attributes: [{ key: "a", value: { int_value: 1 } }] })] }] }] });

  it("garbage", () => {
    expectDecodeError(() => decodeProtobuf("traces", Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), /^invalid OTLP protobuf ExportTraceServiceRequest: /);
    expectDecodeError(() => decodeProtobuf("metrics", Uint8Array.of(0x0f)), /ExportMetricsServiceRequest: invalid wire type 7/);
    expectDecodeError(() => decodeProtobuf("logs", new TextEncoder().encode("{\"resourceLogs\":[]}")), /^invalid OTLP protobuf ExportLogsServiceRequest: /);
  });

  it("truncated", () => {
    expectDecodeError(() => decodeProtobuf("traces", valid.subarray(0, valid.length - 3)), /^invalid OTLP protobuf ExportTraceServiceRequest: index out of range/);
  });

  it("every truncation of a valid request either decodes or throws DecodeError", () => {
    for (let n = 0; n < valid.length; n++) {
      try {
        decodeProtobuf("traces", valid.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    }
  });

  it("random bytes only ever throw DecodeError", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    let threw = 0;
    for (let i = 0; i < 2000; i++) {
      const buf = Uint8Array.from({ length: 1 + (i % 64) }, rand);
      // Flip bytes of a valid message too, so that decoding gets past the first tag.
      const mutated = Uint8Array.from(valid, (b, j) => (j % 7 === i % 7 ? rand() : b));
      for (const body of [buf, mutated]) {
        for (const signal of ["traces", "metrics", "logs"] as const) {
          try {
            decodeProtobuf(signal, body);
          } catch (e) {
            threw++;
            expect(e).toBeInstanceOf(DecodeError);
          }
        }
      }
    }
    expect(threw).toBeGreaterThan(1000);
  });

  it("invalid UTF-8 in a string field", () => {
    const spanBytes = [...ld(1, TRACE_ID), ...ld(2, SPAN_ID), ...ld(5, [0xc3, 0x28])];
    expectDecodeError(() => decodeProtobuf("traces", Uint8Array.from(ld(1, ld(2, ld(2, spanBytes))))), /not valid for encoding utf-8|utf-?8/i);
  });

  it("corruption inside an attribute value", () => {
    const badValue = [...ld(1, [...Buffer.from("k")]), ...ld(2, [0x0a, 0x09, 0x41])]; // string_value claims 9 bytes, has 1
    expectDecodeError(() => decodeProtobuf("traces", traceWithRawAttributes(Uint8Array.from(badValue))), /^invalid OTLP protobuf ExportTraceServiceRequest: index out of range/);
  });
});
