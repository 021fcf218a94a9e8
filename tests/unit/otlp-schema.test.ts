// The committed descriptor (ingest/otlp/proto/otlp.json) must match the .proto files,
// and carry the OTLP v1.x fields the decoders rely on.
import path from "node:path";
import { describe, expect, it } from "vitest";
import protobuf from "protobufjs";
import descriptor from "@/ingest/otlp/proto/otlp.json";
import { schema } from "@/ingest/otlp/schema";

const dir = path.join(__dirname, "../../ingest/otlp/proto");

describe("OTLP schema", () => {
  it("otlp.json is what generate.ts produces from the .proto files (run it after editing them)", () => {
    const root = new protobuf.Root().loadSync(
      ["trace_service.proto", "metrics_service.proto", "logs_service.proto"].map((f) => path.join(dir, f)),
      { keepCase: true },
    );
    root.resolveAll();
    expect(JSON.parse(JSON.stringify(root.toJSON()))).toEqual(descriptor);
  });

  it.each([
    ["opentelemetry.proto.logs.v1.LogRecord", "event_name", 12, "string"],
    ["opentelemetry.proto.trace.v1.Span", "flags", 16, "fixed32"],
    ["opentelemetry.proto.trace.v1.Span", "start_time_unix_nano", 7, "fixed64"],
    ["opentelemetry.proto.metrics.v1.NumberDataPoint", "as_int", 6, "sfixed64"],
    ["opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint", "zero_threshold", 14, "double"],
    ["opentelemetry.proto.resource.v1.Resource", "entity_refs", 3, "opentelemetry.proto.common.v1.EntityRef"],
    ["opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess", "rejected_spans", 1, "int64"],
    ["opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess", "rejected_data_points", 1, "int64"],
    ["opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess", "rejected_log_records", 1, "int64"],
  ])("%s.%s = %i (%s)", (type, field, id, fieldType) => {
    const f = schema.lookupType(type).fields[field];
    expect(f.id).toBe(id);
    expect(f.resolvedType?.fullName.slice(1) ?? f.type).toBe(fieldType);
  });

  it("HistogramDataPoint sum/min/max are proto3 optional", () => {
    const t = schema.lookupType("opentelemetry.proto.metrics.v1.HistogramDataPoint");
    for (const name of ["sum", "min", "max"]) expect(t.fields[name].options?.proto3_optional).toBe(true);
  });
});
