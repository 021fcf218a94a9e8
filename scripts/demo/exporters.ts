// Standard OTLP/HTTP exporters (protobuf or JSON) for one arm, wrapped so the runner can see
// export outcomes (unreachable server, bad key) without parsing SDK diagnostics.
import { OTLPTraceExporter as TraceProto } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as TraceJson } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPMetricExporter as MetricProto } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPMetricExporter as MetricJson } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPLogExporter as LogProto } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPLogExporter as LogJson } from "@opentelemetry/exporter-logs-otlp-http";
import type { ArmExporters } from "@/scripts/demo/emit";

export type Signal = "traces" | "metrics" | "logs";
/** Structural copy of @opentelemetry/core ExportResult (code 0 = success), which is not a direct dependency. */
export interface ExportResult {
  code: number;
  error?: Error;
}
export type ExportListener = (signal: Signal, result: ExportResult, items: number) => void;

interface Exporting<I> {
  export(items: I, cb: (r: ExportResult) => void): void;
}

/** Intercepts the export callback in place (keeps the exporter's other methods and `this`). */
export function watchExporter<I, E extends Exporting<I>>(
  exporter: E,
  signal: Signal,
  count: (items: I) => number,
  listener: ExportListener,
): E {
  const original = exporter.export.bind(exporter);
  exporter.export = (items: I, cb: (r: ExportResult) => void) =>
    original(items, (r) => {
      try {
        listener(signal, r, count(items));
      } finally {
        cb(r);
      }
    });
  return exporter;
}

export function otlpExporters(
  url: string,
  key: string,
  protocol: "protobuf" | "json",
  listener: ExportListener,
): ArmExporters {
  const base = url.replace(/\/+$/, "");
  const cfg = (signal: Signal) => ({
    url: `${base}/v1/${signal}`,
    headers: { Authorization: `Bearer ${key}` },
    timeoutMillis: 10_000,
  });
  const proto = protocol === "protobuf";
  const spans = proto ? new TraceProto(cfg("traces")) : new TraceJson(cfg("traces"));
  const logs = proto ? new LogProto(cfg("logs")) : new LogJson(cfg("logs"));
  const metrics = proto ? new MetricProto(cfg("metrics")) : new MetricJson(cfg("metrics"));
  const len = (xs: readonly unknown[]) => xs.length;
  return {
    spans: watchExporter(spans, "traces", len, listener),
    logs: watchExporter(logs, "logs", len, listener),
    metrics: watchExporter(metrics, "metrics", () => 1, listener),
  };
}
