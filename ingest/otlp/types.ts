// The decoded shape of an OTLP export request, shared by the protobuf and JSON decoders.
// Ids are lowercase hex, 64-bit integers are bigint, enums are numbers, so one mapper
// serves both encodings.

export type AnyValue =
  | string
  | number
  | boolean
  | bigint
  | Uint8Array
  | AnyValue[]
  | { [key: string]: AnyValue }
  | null;

/** Attributes flattened from OTLP KeyValue lists. Later duplicates win. */
export type Attributes = Record<string, AnyValue>;

export interface Resource {
  attributes: Attributes;
}

export interface Scope {
  name: string;
  version: string;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
}

export interface Span {
  traceId: string; // 32 hex chars, or "" when absent
  spanId: string; // 16 hex chars, or "" when absent
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: SpanEvent[];
  status: { code: number; message: string }; // 0 unset, 1 ok, 2 error
  /** Set by the decoder when this record is malformed; the reason names the field. */
  invalid?: string;
}

export interface ResourceSpans {
  resource: Resource;
  scopeSpans: { scope: Scope; spans: Span[] }[];
}

export interface LogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  eventName: string;
  body: AnyValue;
  attributes: Attributes;
  traceId: string;
  spanId: string;
  invalid?: string;
}

export interface ResourceLogs {
  resource: Resource;
  scopeLogs: { scope: Scope; logRecords: LogRecord[] }[];
}

export interface NumberDataPoint {
  invalid?: string;
  attributes: Attributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  value: number; // as_double, or as_int converted
}

export interface HistogramDataPoint {
  invalid?: string;
  attributes: Attributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: number;
  sum: number | null;
  bucketCounts: number[];
  explicitBounds: number[];
  min: number | null;
  max: number | null;
}

export interface ExponentialHistogramDataPoint {
  invalid?: string;
  attributes: Attributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: number;
  sum: number | null;
  scale: number;
  zeroCount: number;
  positive: { offset: number; bucketCounts: number[] };
  negative: { offset: number; bucketCounts: number[] };
  min: number | null;
  max: number | null;
}

export interface SummaryDataPoint {
  invalid?: string;
  attributes: Attributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: number;
  sum: number;
  quantileValues: { quantile: number; value: number }[];
}

export type Metric =
  | { name: string; unit: string; description: string; type: "gauge"; points: NumberDataPoint[] }
  | { name: string; unit: string; description: string; type: "sum"; monotonic: boolean; temporality: number; points: NumberDataPoint[] }
  | { name: string; unit: string; description: string; type: "histogram"; temporality: number; points: HistogramDataPoint[] }
  | { name: string; unit: string; description: string; type: "exponential_histogram"; temporality: number; points: ExponentialHistogramDataPoint[] }
  | { name: string; unit: string; description: string; type: "summary"; points: SummaryDataPoint[] }
  | { name: string; unit: string; description: string; type: "empty"; points: [] };

export interface ResourceMetrics {
  resource: Resource;
  scopeMetrics: { scope: Scope; metrics: Metric[] }[];
}

export type Signal = "traces" | "metrics" | "logs";

export interface DecodedTraces { signal: "traces"; resourceSpans: ResourceSpans[] }
export interface DecodedMetrics { signal: "metrics"; resourceMetrics: ResourceMetrics[] }
export interface DecodedLogs { signal: "logs"; resourceLogs: ResourceLogs[] }
export type Decoded = DecodedTraces | DecodedMetrics | DecodedLogs;

/** Thrown by decoders for a body that cannot be decoded at all (HTTP 400). */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecodeError";
  }
}
