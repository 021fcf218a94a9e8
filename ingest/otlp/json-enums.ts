// Enum name → number maps for OTLP/JSON, built from the schema. Names are matched
// case-insensitively, with or without their prefix ("SPAN_KIND_SERVER", "server").
import { enumValues } from "./schema";

function lenient(name: string, prefix: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const [key, value] of Object.entries(enumValues(name))) {
    out[key] = value;
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  }
  return out;
}

export const SPAN_KIND = lenient("trace.v1.Span.SpanKind", "SPAN_KIND_");
export const STATUS_CODE = lenient("trace.v1.Status.StatusCode", "STATUS_CODE_");
export const SEVERITY_NUMBER = lenient("logs.v1.SeverityNumber", "SEVERITY_NUMBER_");
export const AGGREGATION_TEMPORALITY = lenient("metrics.v1.AggregationTemporality", "AGGREGATION_TEMPORALITY_");
