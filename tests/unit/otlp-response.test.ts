// encodeResponse: Export*ServiceResponse bodies, checked with our schema and the SDK's own parsers.
import { describe, expect, it } from "vitest";
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { encodeResponse } from "@/ingest/otlp/encode-response";
import { responseTypes } from "@/ingest/otlp/schema";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("encodeResponse", () => {
  it("JSON: {} on full success, partialSuccess with int64 as a string otherwise", () => {
    expect(encodeResponse("traces", "json", null)).toEqual({ body: new TextEncoder().encode("{}"), contentType: "application/json" });
    expect(JSON.parse(text(encodeResponse("traces", "json", { rejected: 3, message: "3 spans had bad ids" }).body))).toEqual({
      partialSuccess: { rejectedSpans: "3", errorMessage: "3 spans had bad ids" },
    });
    expect(JSON.parse(text(encodeResponse("metrics", "json", { rejected: 1, message: "m" }).body))).toEqual({
      partialSuccess: { rejectedDataPoints: "1", errorMessage: "m" },
    });
    expect(JSON.parse(text(encodeResponse("logs", "json", { rejected: 0, message: "warning only" }).body))).toEqual({
      partialSuccess: { rejectedLogRecords: "0", errorMessage: "warning only" },
    });
  });

  it("protobuf: empty message on full success", () => {
    for (const signal of ["traces", "metrics", "logs"] as const) {
      const res = encodeResponse(signal, "protobuf", null);
      expect(res.contentType).toBe("application/x-protobuf");
      expect(res.body).toHaveLength(0);
    }
  });

  it("protobuf: partial_success decodes with the schema", () => {
    const res = encodeResponse("metrics", "protobuf", { rejected: 7, message: "seven" });
    const decoded = responseTypes.metrics.toObject(responseTypes.metrics.decode(res.body), { longs: String });
    expect(decoded).toEqual({ partial_success: { rejected_data_points: "7", error_message: "seven" } });
  });

  it("the OpenTelemetry JS SDK reads our responses", () => {
    const partial = { rejected: 2, message: "two rejected" };
    expect(ProtobufTraceSerializer.deserializeResponse(encodeResponse("traces", "protobuf", partial).body)).toMatchObject({
      partialSuccess: { rejectedSpans: 2, errorMessage: "two rejected" },
    });
    expect(ProtobufMetricsSerializer.deserializeResponse(encodeResponse("metrics", "protobuf", partial).body)).toMatchObject({
      partialSuccess: { rejectedDataPoints: 2, errorMessage: "two rejected" },
    });
    expect(ProtobufLogsSerializer.deserializeResponse(encodeResponse("logs", "protobuf", partial).body)).toMatchObject({
      partialSuccess: { rejectedLogRecords: 2, errorMessage: "two rejected" },
    });
    expect(ProtobufTraceSerializer.deserializeResponse(encodeResponse("traces", "protobuf", null).body).partialSuccess).toBeUndefined();
    expect(JsonTraceSerializer.deserializeResponse(encodeResponse("traces", "json", partial).body)).toEqual({
      partialSuccess: { rejectedSpans: "2", errorMessage: "two rejected" },
    });
    expect(JsonMetricsSerializer.deserializeResponse(encodeResponse("metrics", "json", null).body)).toEqual({});
    expect(JsonLogsSerializer.deserializeResponse(encodeResponse("logs", "json", partial).body)).toMatchObject({
      partialSuccess: { rejectedLogRecords: "2" },
    });
  });
});
