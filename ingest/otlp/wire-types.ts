// Shapes of the messages protobufjs decodes with the wire schema (keepCase names).
// 64-bit fields are typed unknown: bigint via BigIntReader, or a default when absent.
// AnyValue slots are raw bytes (see schema.ts).

export interface WKeyValue { key: string; value: Uint8Array }
export interface WResource { attributes: WKeyValue[] }
export interface WScope { name: string; version: string }

export interface WEvent { time_unix_nano: unknown; name: string; attributes: WKeyValue[] }
export interface WSpan {
  trace_id: Uint8Array;
  span_id: Uint8Array;
  parent_span_id: Uint8Array;
  name: string;
  kind: number;
  start_time_unix_nano: unknown;
  end_time_unix_nano: unknown;
  attributes: WKeyValue[];
  events: WEvent[];
  status: { code: number; message: string } | null;
}
export interface WTraceRequest {
  resource_spans: { resource: WResource | null; scope_spans: { scope: WScope | null; spans: WSpan[] }[] }[];
}

export interface WLogRecord {
  time_unix_nano: unknown;
  observed_time_unix_nano: unknown;
  severity_number: number;
  severity_text: string;
  event_name: string;
  body: Uint8Array;
  attributes: WKeyValue[];
  trace_id: Uint8Array;
  span_id: Uint8Array;
}
export interface WLogsRequest {
  resource_logs: { resource: WResource | null; scope_logs: { scope: WScope | null; log_records: WLogRecord[] }[] }[];
}

interface WPointBase { attributes: WKeyValue[]; start_time_unix_nano: unknown; time_unix_nano: unknown; flags: number }
export interface WNumberPoint extends WPointBase { value?: "as_double" | "as_int"; as_double: number; as_int: unknown }
export interface WHistogramPoint extends WPointBase {
  count: unknown;
  sum: number | null;
  bucket_counts: unknown[];
  explicit_bounds: number[];
  min: number | null;
  max: number | null;
}
export interface WBuckets { offset: number; bucket_counts: unknown[] }
export interface WExpHistogramPoint extends WPointBase {
  count: unknown;
  sum: number | null;
  scale: number;
  zero_count: unknown;
  positive: WBuckets | null;
  negative: WBuckets | null;
  min: number | null;
  max: number | null;
}
export interface WSummaryPoint extends WPointBase {
  count: unknown;
  sum: number;
  quantile_values: { quantile: number; value: number }[];
}
export interface WMetric {
  name: string;
  description: string;
  unit: string;
  data?: "gauge" | "sum" | "histogram" | "exponential_histogram" | "summary";
  gauge: { data_points: WNumberPoint[] } | null;
  sum: { data_points: WNumberPoint[]; aggregation_temporality: number; is_monotonic: boolean } | null;
  histogram: { data_points: WHistogramPoint[]; aggregation_temporality: number } | null;
  exponential_histogram: { data_points: WExpHistogramPoint[]; aggregation_temporality: number } | null;
  summary: { data_points: WSummaryPoint[] } | null;
}
export interface WMetricsRequest {
  resource_metrics: { resource: WResource | null; scope_metrics: { scope: WScope | null; metrics: WMetric[] }[] }[];
}
