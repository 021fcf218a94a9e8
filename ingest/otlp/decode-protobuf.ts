// OTLP/HTTP protobuf request body → Decoded.
import protobuf from "protobufjs";
import { requestTypes } from "./schema";
import { toBigInt } from "./pb-long";
import { pbAttributes, pbBody } from "./pb-anyvalue";
import { Issues, MAX_ANYVALUE_DEPTH } from "./record-issues";
import { bucketShapeProblem, bytesToHex } from "./values";
import type * as P from "./pb-types";
import {
  DecodeError,
  type Decoded,
  type ExponentialHistogramDataPoint,
  type HistogramDataPoint,
  type LogRecord,
  type Metric,
  type NumberDataPoint,
  type Resource,
  type Scope,
  type Signal,
  type Span,
  type SummaryDataPoint,
} from "./types";

// protobufjs counts message nesting from the request and throws past Reader.recursionLimit
// (100, as protoc). A kvlist AnyValue level costs 3 messages (AnyValue, KeyValueList,
// KeyValue) and attributes start up to 8 deep (exemplars), so 100 would fail whole
// requests over values within our 32-level cap. Decoding runs with room for twice the
// cap; a record over the cap is marked invalid (pb-anyvalue.ts), deeper still is a 400.
const RECURSION_LIMIT = 8 + 3 * 2 * MAX_ANYVALUE_DEPTH;

function decodeMessage(type: protobuf.Type, body: Uint8Array): unknown {
  const saved = protobuf.Reader.recursionLimit; // a global: set only while we decode (synchronously)
  protobuf.Reader.recursionLimit = RECURSION_LIMIT;
  try {
    return type.decode(body);
  } catch (e) {
    const reason = (e as Error).message;
    const problem = reason === "max depth exceeded" ? `messages nested deeper than ${RECURSION_LIMIT} levels` : reason;
    throw new DecodeError(`invalid OTLP protobuf ${type.name}: ${problem}`);
  } finally {
    protobuf.Reader.recursionLimit = saved;
  }
}

export function decodeProtobuf(signal: Signal, body: Uint8Array): Decoded {
  const message = decodeMessage(requestTypes[signal], body);
  switch (signal) {
    case "traces":
      return { signal, resourceSpans: traces(message as P.PTraceRequest) };
    case "metrics":
      return { signal, resourceMetrics: metrics(message as P.PMetricsRequest) };
    case "logs":
      return { signal, resourceLogs: logs(message as P.PLogsRequest) };
  }
}

// A resource whose attributes are unusable invalidates every record under it.
function resource(r: P.PResource | null, path: string): { resource: Resource; problem?: string } {
  const issues = new Issues();
  const attributes = r ? pbAttributes(r.attributes, `${path}.attributes`, issues) : {};
  return { resource: { attributes }, problem: issues.first };
}

function scope(s: P.PScope | null): Scope {
  return { name: s?.name ?? "", version: s?.version ?? "" };
}

function id(bytes: Uint8Array, size: number, required: boolean, path: string, issues: Issues): string {
  if (bytes.length !== size && (required || bytes.length !== 0)) {
    issues.add(path, `must be ${size} bytes, got ${bytes.length}`);
  }
  return bytesToHex(bytes);
}

function traces(req: P.PTraceRequest) {
  return req.resource_spans.map((rs, i) => {
    const path = `resource_spans[${i}]`;
    const res = resource(rs.resource, `${path}.resource`);
    return {
      resource: res.resource,
      scopeSpans: rs.scope_spans.map((ss, j) => ({
        scope: scope(ss.scope),
        spans: ss.spans.map((s, k) => span(s, `${path}.scope_spans[${j}].spans[${k}]`, res.problem)),
      })),
    };
  });
}

function span(s: P.PSpan, path: string, inherited?: string): Span {
  const issues = new Issues(inherited);
  const out: Span = {
    traceId: id(s.trace_id, 16, true, `${path}.trace_id`, issues),
    spanId: id(s.span_id, 8, true, `${path}.span_id`, issues),
    parentSpanId: id(s.parent_span_id, 8, false, `${path}.parent_span_id`, issues),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: toBigInt(s.start_time_unix_nano),
    endTimeUnixNano: toBigInt(s.end_time_unix_nano),
    attributes: pbAttributes(s.attributes, `${path}.attributes`, issues),
    events: s.events.map((e, n) => ({
      timeUnixNano: toBigInt(e.time_unix_nano),
      name: e.name,
      attributes: pbAttributes(e.attributes, `${path}.events[${n}].attributes`, issues),
    })),
    status: { code: s.status?.code ?? 0, message: s.status?.message ?? "" },
  };
  if (issues.first !== undefined) out.invalid = issues.first;
  return out;
}

function logs(req: P.PLogsRequest) {
  return req.resource_logs.map((rl, i) => {
    const path = `resource_logs[${i}]`;
    const res = resource(rl.resource, `${path}.resource`);
    return {
      resource: res.resource,
      scopeLogs: rl.scope_logs.map((sl, j) => ({
        scope: scope(sl.scope),
        logRecords: sl.log_records.map((l, k) => logRecord(l, `${path}.scope_logs[${j}].log_records[${k}]`, res.problem)),
      })),
    };
  });
}

function logRecord(l: P.PLogRecord, path: string, inherited?: string): LogRecord {
  const issues = new Issues(inherited);
  const out: LogRecord = {
    timeUnixNano: toBigInt(l.time_unix_nano),
    observedTimeUnixNano: toBigInt(l.observed_time_unix_nano),
    severityNumber: l.severity_number,
    severityText: l.severity_text,
    eventName: l.event_name,
    body: pbBody(l.body, `${path}.body`, issues),
    attributes: pbAttributes(l.attributes, `${path}.attributes`, issues),
    traceId: id(l.trace_id, 16, false, `${path}.trace_id`, issues),
    spanId: id(l.span_id, 8, false, `${path}.span_id`, issues),
  };
  if (issues.first !== undefined) out.invalid = issues.first;
  return out;
}

function metrics(req: P.PMetricsRequest) {
  return req.resource_metrics.map((rm, i) => {
    const path = `resource_metrics[${i}]`;
    const res = resource(rm.resource, `${path}.resource`);
    return {
      resource: res.resource,
      scopeMetrics: rm.scope_metrics.map((sm, j) => ({
        scope: scope(sm.scope),
        metrics: sm.metrics.map((m, k) => metric(m, `${path}.scope_metrics[${j}].metrics[${k}]`, res.problem)),
      })),
    };
  });
}

function metric(m: P.PMetric, path: string, inherited?: string): Metric {
  const head = { name: m.name, unit: m.unit, description: m.description };
  const points = <P, T extends { invalid?: string }>(list: P[], field: string, convert: (p: P, path: string, issues: Issues) => T) =>
    list.map((p, n) => {
      const issues = new Issues(inherited);
      const out = convert(p, `${path}.${field}.data_points[${n}]`, issues);
      if (issues.first !== undefined) out.invalid = issues.first;
      return out;
    });
  switch (m.data) {
    case "gauge":
      return { ...head, type: "gauge", points: points(m.gauge!.data_points, "gauge", numberPoint) };
    case "sum":
      return {
        ...head,
        type: "sum",
        monotonic: m.sum!.is_monotonic,
        temporality: m.sum!.aggregation_temporality,
        points: points(m.sum!.data_points, "sum", numberPoint),
      };
    case "histogram":
      return {
        ...head,
        type: "histogram",
        temporality: m.histogram!.aggregation_temporality,
        points: points(m.histogram!.data_points, "histogram", histogramPoint),
      };
    case "exponential_histogram":
      return {
        ...head,
        type: "exponential_histogram",
        temporality: m.exponential_histogram!.aggregation_temporality,
        points: points(m.exponential_histogram!.data_points, "exponential_histogram", expHistogramPoint),
      };
    case "summary":
      return { ...head, type: "summary", points: points(m.summary!.data_points, "summary", summaryPoint) };
    default:
      return { ...head, type: "empty", points: [] };
  }
}

const NO_RECORDED_VALUE = 1; // DataPointFlags: a staleness marker, carries no value

function base(p: P.PNumberPoint | P.PHistogramPoint | P.PExpHistogramPoint | P.PSummaryPoint, path: string, issues: Issues) {
  return {
    attributes: pbAttributes(p.attributes, `${path}.attributes`, issues),
    startTimeUnixNano: toBigInt(p.start_time_unix_nano),
    timeUnixNano: toBigInt(p.time_unix_nano),
  };
}

function numberPoint(p: P.PNumberPoint, path: string, issues: Issues): NumberDataPoint {
  let value = NaN;
  if (p.value === "as_double") value = p.as_double;
  else if (p.value === "as_int") value = Number(toBigInt(p.as_int));
  else if (!(p.flags & NO_RECORDED_VALUE)) issues.add(path, "has no value (as_double or as_int)");
  return { ...base(p, path, issues), value };
}

function histogramPoint(p: P.PHistogramPoint, path: string, issues: Issues): HistogramDataPoint {
  const bucketCounts = p.bucket_counts.map((c) => Number(toBigInt(c)));
  const shape = bucketShapeProblem(bucketCounts.length, p.explicit_bounds.length);
  if (shape) issues.add(path, shape);
  return {
    ...base(p, path, issues),
    count: Number(toBigInt(p.count)),
    sum: p.sum ?? null,
    bucketCounts,
    explicitBounds: [...p.explicit_bounds],
    min: p.min ?? null,
    max: p.max ?? null,
  };
}

function buckets(b: P.PBuckets | null) {
  return { offset: b?.offset ?? 0, bucketCounts: (b?.bucket_counts ?? []).map((c) => Number(toBigInt(c))) };
}

function expHistogramPoint(p: P.PExpHistogramPoint, path: string, issues: Issues): ExponentialHistogramDataPoint {
  return {
    ...base(p, path, issues),
    count: Number(toBigInt(p.count)),
    sum: p.sum ?? null,
    scale: p.scale,
    zeroCount: Number(toBigInt(p.zero_count)),
    positive: buckets(p.positive),
    negative: buckets(p.negative),
    min: p.min ?? null,
    max: p.max ?? null,
  };
}

function summaryPoint(p: P.PSummaryPoint, path: string, issues: Issues): SummaryDataPoint {
  return {
    ...base(p, path, issues),
    count: Number(toBigInt(p.count)),
    sum: p.sum,
    quantileValues: p.quantile_values.map((q) => ({ quantile: q.quantile, value: q.value })),
  };
}
