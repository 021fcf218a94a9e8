// Row shapes of the raw tables, as inserted (JSONEachRow). Timestamps are chTime* text.
import type { ManifestFields } from "@/lib/telemetry/manifest";

export type { ManifestFields };

export interface InferenceEventRow {
  deployment: string;
  arm: string;
  ts: string;
  request_id: string;
  trace_id: string;
  span_id: string;
  service: string;
  span_name: string;
  model: string;
  latency_ms: number;
  ttft_ms: number | null;
  is_error: 0 | 1;
  is_fallback: 0 | 1;
  fallback_reason: string;
  input_tokens: number;
  output_tokens: number;
  status_message: string;
  slices: Record<string, string>;
  features: Record<string, number>;
  attributes: Record<string, string>;
  resource_attributes: Record<string, string>;
}

export interface ShadowComparisonRow {
  deployment: string;
  ts: string;
  request_id: string;
  slices: Record<string, string>;
  exact_match: 0 | 1;
  token_agreement: number;
  kl_divergence: number | null;
  score_baseline: number | null;
  score_canary: number | null;
  input: string;
  output_baseline: string;
  output_canary: string;
  attributes: Record<string, string>;
}

export interface ResourceSampleRow {
  deployment: string;
  arm: string;
  ts: string;
  metric: string;
  kind: string;
  value: number;
  attributes: Record<string, string>;
}

export interface RequestMetricPointRow {
  deployment: string;
  arm: string;
  ts: string;
  slices: Record<string, string>;
  requests: number;
  errors: number;
  fallbacks: number;
  latency_sum_ms: number;
  latency_mids_ms: number[];
  latency_counts: number[];
}

export interface ManifestRow extends ManifestFields {
  deployment: string;
  arm: string;
  fingerprint: string;
  /** When the server received it. */
  first_seen: string;
  /** The data's own time: the earliest record time of the request that first carried it. */
  data_time: string;
  service: string;
}

export interface OtelLogRow {
  deployment: string;
  ts: string;
  trace_id: string;
  span_id: string;
  severity_number: number;
  severity_text: string;
  event_name: string;
  body: string;
  attributes: Record<string, string>;
  resource_attributes: Record<string, string>;
}

export interface OtelMetricRow {
  deployment: string;
  ts: string;
  name: string;
  type: string;
  unit: string;
  value: number;
  count: number;
  bounds: number[];
  bucket_counts: number[];
  attributes: Record<string, string>;
  resource_attributes: Record<string, string>;
}

/** One quantlens.calibration.input point: a calibration set's distribution of one feature in one cell. */
export interface CalibrationRow {
  deployment: string;
  dataset: string;
  /** '' and '' for the whole deployment, else one slice dimension and its value. */
  dimension: string;
  value: string;
  feature: string;
  ts: string;
  n: number;
  total: number;
  /** signedBin (lib/stats/log-bins.ts) → count. */
  bins: Record<string, number>;
}

export interface TableRows {
  inference_events: InferenceEventRow[];
  shadow_comparisons: ShadowComparisonRow[];
  resource_samples: ResourceSampleRow[];
  request_metric_points: RequestMetricPointRow[];
  manifests: ManifestRow[];
  otel_logs: OtelLogRow[];
  otel_metrics: OtelMetricRow[];
  calibration_reference: CalibrationRow[];
}

export type RawTable = keyof TableRows;

export const RAW_TABLES: RawTable[] = [
  "inference_events",
  "shadow_comparisons",
  "resource_samples",
  "request_metric_points",
  "manifests",
  "otel_logs",
  "otel_metrics",
  "calibration_reference",
];

export function emptyTableRows(): TableRows {
  return {
    inference_events: [],
    shadow_comparisons: [],
    resource_samples: [],
    request_metric_points: [],
    manifests: [],
    otel_logs: [],
    otel_metrics: [],
    calibration_reference: [],
  };
}

// The insert deduplication token of a batch of rows travels on the array itself (not enumerable),
// so the writer (ingest/writer.ts) can name its INSERTs through any insert function, including
// the one server/runtime/runtime.ts builds, which passes only (table, rows). Symbol.for: Next.js
// bundles get their own copies of this module, and a registered symbol is the same in all.
const INSERT_TOKEN = Symbol.for("quantlens.insertDeduplicationToken");

export function withInsertToken<T extends object>(rows: T, token: string): T {
  Object.defineProperty(rows, INSERT_TOKEN, { value: token, enumerable: false, writable: true, configurable: true });
  return rows;
}

export function insertTokenOf(rows: object): string | undefined {
  const t = (rows as Record<symbol, unknown>)[INSERT_TOKEN];
  return typeof t === "string" ? t : undefined;
}
