// Shapes of the messages protobufjs decodes from proto/otlp.json (keepCase names).
// Message fields are null when absent; 64-bit fields are Long (see pb-long.ts).
import type { Int64 } from "./pb-long";

export interface PAnyValue {
  /** The oneof's set field, from protobufjs's virtual oneof getter. */
  value?: "string_value" | "bool_value" | "int_value" | "double_value" | "array_value" | "kvlist_value" | "bytes_value" | "string_value_strindex";
  string_value: string;
  bool_value: boolean;
  int_value: Int64;
  double_value: number;
  array_value: { values: PAnyValue[] } | null;
  kvlist_value: { values: PKeyValue[] } | null;
  bytes_value: Uint8Array;
}
export interface PKeyValue { key: string; value: PAnyValue | null }
export interface PResource { attributes: PKeyValue[] }
export interface PScope { name: string; version: string }

export interface PEvent { time_unix_nano: Int64; name: string; attributes: PKeyValue[] }
export interface PSpan {
  trace_id: Uint8Array;
  span_id: Uint8Array;
  parent_span_id: Uint8Array;
  name: string;
  kind: number;
  start_time_unix_nano: Int64;
  end_time_unix_nano: Int64;
  attributes: PKeyValue[];
  events: PEvent[];
  status: { code: number; message: string } | null;
}
export interface PTraceRequest {
  resource_spans: { resource: PResource | null; scope_spans: { scope: PScope | null; spans: PSpan[] }[] }[];
}

export interface PLogRecord {
  time_unix_nano: Int64;
  observed_time_unix_nano: Int64;
  severity_number: number;
  severity_text: string;
  event_name: string;
  body: PAnyValue | null;
  attributes: PKeyValue[];
  trace_id: Uint8Array;
  span_id: Uint8Array;
}
export interface PLogsRequest {
  resource_logs: { resource: PResource | null; scope_logs: { scope: PScope | null; log_records: PLogRecord[] }[] }[];
}

interface PPointBase { attributes: PKeyValue[]; start_time_unix_nano: Int64; time_unix_nano: Int64; flags: number }
export interface PNumberPoint extends PPointBase { value?: "as_double" | "as_int"; as_double: number; as_int: Int64 }
export interface PHistogramPoint extends PPointBase {
  count: Int64;
  sum: number | null;
  bucket_counts: Int64[];
  explicit_bounds: number[];
  min: number | null;
  max: number | null;
}
export interface PBuckets { offset: number; bucket_counts: Int64[] }
export interface PExpHistogramPoint extends PPointBase {
  count: Int64;
  sum: number | null;
  scale: number;
  zero_count: Int64;
  positive: PBuckets | null;
  negative: PBuckets | null;
  min: number | null;
  max: number | null;
}
export interface PSummaryPoint extends PPointBase {
  count: Int64;
  sum: number;
  quantile_values: { quantile: number; value: number }[];
}
export interface PMetric {
  name: string;
  description: string;
  unit: string;
  data?: "gauge" | "sum" | "histogram" | "exponential_histogram" | "summary";
  gauge: { data_points: PNumberPoint[] } | null;
  sum: { data_points: PNumberPoint[]; aggregation_temporality: number; is_monotonic: boolean } | null;
  histogram: { data_points: PHistogramPoint[]; aggregation_temporality: number } | null;
  exponential_histogram: { data_points: PExpHistogramPoint[]; aggregation_temporality: number } | null;
  summary: { data_points: PSummaryPoint[] } | null;
}
export interface PMetricsRequest {
  resource_metrics: { resource: PResource | null; scope_metrics: { scope: PScope | null; metrics: PMetric[] }[] }[];
}
