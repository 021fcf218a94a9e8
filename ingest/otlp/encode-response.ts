// Export{Trace,Metrics,Logs}ServiceResponse bodies, with optional partial success.
import { responseTypes } from "./schema";
import type { Signal } from "./types";

const REJECTED: Record<Signal, [proto: string, json: string]> = {
  traces: ["rejected_spans", "rejectedSpans"],
  metrics: ["rejected_data_points", "rejectedDataPoints"],
  logs: ["rejected_log_records", "rejectedLogRecords"],
};

export interface PartialSuccess {
  rejected: number;
  message: string;
}

export function encodeResponse(
  signal: Signal,
  contentType: "protobuf" | "json",
  partial: PartialSuccess | null,
): { body: Uint8Array; contentType: string } {
  const [protoField, jsonField] = REJECTED[signal];
  if (contentType === "json") {
    // int64 is a decimal string in OTLP/JSON.
    const doc = partial ? { partialSuccess: { [jsonField]: String(partial.rejected), errorMessage: partial.message } } : {};
    return { body: new TextEncoder().encode(JSON.stringify(doc)), contentType: "application/json" };
  }
  const message = partial ? { partial_success: { [protoField]: partial.rejected, error_message: partial.message } } : {};
  return { body: responseTypes[signal].encode(message).finish(), contentType: "application/x-protobuf" };
}
