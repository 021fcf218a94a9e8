// OTLP/HTTP protobuf request body → Decoded.
import { wireRequestTypes } from "./schema";
import { BigIntReader, toBigInt } from "./wire-reader";
import { wireAttributes, wireBody } from "./wire-anyvalue";
import { Issues } from "./record-issues";
import { bucketShapeProblem, bytesToHex } from "./values";
import type * as W from "./wire-types";
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

export function decodeProtobuf(signal: Signal, body: Uint8Array): Decoded {
  const type = wireRequestTypes[signal];
  let message: unknown;
  try {
    message = type.decode(new BigIntReader(body));
  } catch (e) {
    throw new DecodeError(`invalid OTLP protobuf ${type.name}: ${(e as Error).message}`);
  }
  switch (signal) {
    case "traces":
      return { signal, resourceSpans: traces(message as W.WTraceRequest) };
    case "metrics":
      return { signal, resourceMetrics: metrics(message as W.WMetricsRequest) };
    case "logs":
      return { signal, resourceLogs: logs(message as W.WLogsRequest) };
  }
}

// A resource whose attributes are unusable invalidates every record under it.
function resource(r: W.WResource | null, path: string): { resource: Resource; problem?: string } {
  const issues = new Issues();
  const attributes = r ? wireAttributes(r.attributes, `${path}.attributes`, issues) : {};
  return { resource: { attributes }, problem: issues.first };
}

function scope(s: W.WScope | null): Scope {
  return { name: s?.name ?? "", version: s?.version ?? "" };
}

function id(bytes: Uint8Array, size: number, required: boolean, path: string, issues: Issues): string {
  if (bytes.length !== size && (required || bytes.length !== 0)) {
    issues.add(path, `must be ${size} bytes, got ${bytes.length}`);
  }
  return bytesToHex(bytes);
}

function traces(req: W.WTraceRequest) {
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

function span(s: W.WSpan, path: string, inherited?: string): Span {
  const issues = new Issues(inherited);
  const out: Span = {
    traceId: id(s.trace_id, 16, true, `${path}.trace_id`, issues),
    spanId: id(s.span_id, 8, true, `${path}.span_id`, issues),
    parentSpanId: id(s.parent_span_id, 8, false, `${path}.parent_span_id`, issues),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: toBigInt(s.start_time_unix_nano),
    endTimeUnixNano: toBigInt(s.end_time_unix_nano),
    attributes: wireAttributes(s.attributes, `${path}.attributes`, issues),
    events: s.events.map((e, n) => ({
      timeUnixNano: toBigInt(e.time_unix_nano),
      name: e.name,
      attributes: wireAttributes(e.attributes, `${path}.events[${n}].attributes`, issues),
    })),
    status: { code: s.status?.code ?? 0, message: s.status?.message ?? "" },
  };
  if (issues.first !== undefined) out.invalid = issues.first;
  return out;
}

function logs(req: W.WLogsRequest) {
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

function logRecord(l: W.WLogRecord, path: string, inherited?: string): LogRecord {
  const issues = new Issues(inherited);
  const out: LogRecord = {
    timeUnixNano: toBigInt(l.time_unix_nano),
    observedTimeUnixNano: toBigInt(l.observed_time_unix_nano),
    severityNumber: l.severity_number,
    severityText: l.severity_text,
    eventName: l.event_name,
    body: wireBody(l.body, `${path}.body`, issues),
    attributes: wireAttributes(l.attributes, `${path}.attributes`, issues),
    traceId: id(l.trace_id, 16, false, `${path}.trace_id`, issues),
    spanId: id(l.span_id, 8, false, `${path}.span_id`, issues),
  };
  if (issues.first !== undefined) out.invalid = issues.first;
  return out;
}

function metrics(req: W.WMetricsRequest) {
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

function metric(m: W.WMetric, path: string, inherited?: string): Metric {
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

function base(p: W.WNumberPoint | W.WHistogramPoint | W.WExpHistogramPoint | W.WSummaryPoint, path: string, issues: Issues) {
  return {
    attributes: wireAttributes(p.attributes, `${path}.attributes`, issues),
    startTimeUnixNano: toBigInt(p.start_time_unix_nano),
    timeUnixNano: toBigInt(p.time_unix_nano),
  };
}

function numberPoint(p: W.WNumberPoint, path: string, issues: Issues): NumberDataPoint {
  let value = NaN;
  if (p.value === "as_double") value = p.as_double;
  else if (p.value === "as_int") value = Number(toBigInt(p.as_int));
  else if (!(p.flags & NO_RECORDED_VALUE)) issues.add(path, "has no value (as_double or as_int)");
  return { ...base(p, path, issues), value };
}

function histogramPoint(p: W.WHistogramPoint, path: string, issues: Issues): HistogramDataPoint {
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

function buckets(b: W.WBuckets | null) {
  return { offset: b?.offset ?? 0, bucketCounts: (b?.bucket_counts ?? []).map((c) => Number(toBigInt(c))) };
}

function expHistogramPoint(p: W.WExpHistogramPoint, path: string, issues: Issues): ExponentialHistogramDataPoint {
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

function summaryPoint(p: W.WSummaryPoint, path: string, issues: Issues): SummaryDataPoint {
  return {
    ...base(p, path, issues),
    count: Number(toBigInt(p.count)),
    sum: p.sum,
    quantileValues: p.quantile_values.map((q) => ({ quantile: q.quantile, value: q.value })),
  };
}
