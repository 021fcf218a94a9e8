// Requests serialized by the official OpenTelemetry JS SDK (@opentelemetry/otlp-transformer),
// in both protobuf and JSON, decode to the same values the SDK recorded.
import { describe, expect, it } from "vitest";
import { SpanKind, SpanStatusCode, TraceFlags, context, trace, type Context } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type IdGenerator } from "@opentelemetry/sdk-trace-base";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { decodeRequest } from "@/ingest/otlp/decode";
import type { DecodedLogs, DecodedMetrics, DecodedTraces } from "@/ingest/otlp/types";

const resource = resourceFromAttributes({ "service.name": "quantlens-test", "deployment.environment": "ci" });
const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
const PARENT_ID = "b7ad6b7169203331";

function both<T>(signal: "traces" | "metrics" | "logs", pb: Uint8Array | undefined, json: Uint8Array | undefined): [T, T] {
  expect(pb).toBeInstanceOf(Uint8Array);
  expect(json).toBeInstanceOf(Uint8Array);
  return [decodeRequest(signal, "protobuf", pb!) as T, decodeRequest(signal, "json", json!) as T];
}

describe("OpenTelemetry JS SDK serializers → our decoders", () => {
  it("traces: ids, kinds, times, attributes, events, status", async () => {
    const exporter = new InMemorySpanExporter();
    let next = 0;
    const ids: IdGenerator = {
      generateTraceId: () => "ffffffffffffffffffffffffffffff01",
      generateSpanId: () => ["00000000000000a1", "00000000000000a2"][next++],
    };
    const provider = new BasicTracerProvider({ resource, idGenerator: ids, spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer("quantlens.test", "1.2.3");

    const parent: Context = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: PARENT_ID, traceFlags: TraceFlags.SAMPLED, isRemote: true });
    const child = tracer.startSpan(
      "chat completion",
      {
        kind: SpanKind.CLIENT,
        startTime: [1_700_000_000, 123_456_789],
        attributes: { "gen_ai.request.model": "llama-q4", "gen_ai.usage.output_tokens": 512, temperature: 0.25, stream: true, stops: ["\n", "END"] },
      },
      parent,
    );
    child.addEvent("first_token", { "ttft.ms": 87 }, [1_700_000_000, 210_000_000]);
    child.setStatus({ code: SpanStatusCode.ERROR, message: "upstream timeout" });
    child.end([1_700_000_001, 5]);
    const root = tracer.startSpan("root", { kind: SpanKind.SERVER, startTime: [1_700_000_002, 0] });
    root.end([1_700_000_003, 0]);
    await provider.forceFlush();

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    const [pb, json] = both<DecodedTraces>("traces", ProtobufTraceSerializer.serializeRequest(spans), JsonTraceSerializer.serializeRequest(spans));
    expect(pb).toEqual(json);

    expect(pb.resourceSpans).toHaveLength(1);
    expect(pb.resourceSpans[0].resource.attributes).toMatchObject({ "service.name": "quantlens-test", "deployment.environment": "ci" });
    const scope = pb.resourceSpans[0].scopeSpans[0];
    expect(scope.scope).toEqual({ name: "quantlens.test", version: "1.2.3" });
    const [c, r] = scope.spans;
    expect(c).toEqual({
      traceId: TRACE_ID,
      spanId: "00000000000000a1",
      parentSpanId: PARENT_ID,
      name: "chat completion",
      kind: 3, // OTLP numbering: the API's CLIENT (2) + 1
      startTimeUnixNano: 1_700_000_000_123_456_789n,
      endTimeUnixNano: 1_700_000_001_000_000_005n,
      attributes: { "gen_ai.request.model": "llama-q4", "gen_ai.usage.output_tokens": 512n, temperature: 0.25, stream: true, stops: ["\n", "END"] },
      events: [{ timeUnixNano: 1_700_000_000_210_000_000n, name: "first_token", attributes: { "ttft.ms": 87n } }],
      status: { code: 2, message: "upstream timeout" },
    });
    expect(r).toMatchObject({ traceId: "ffffffffffffffffffffffffffffff01", spanId: "00000000000000a2", parentSpanId: "", kind: 2 });
    expect(r.invalid).toBeUndefined();
  });

  it("metrics: sum, up-down sum, gauge and histogram", async () => {
    class Reader extends MetricReader {
      protected async onShutdown() {}
      protected async onForceFlush() {}
    }
    const reader = new Reader();
    const meter = new MeterProvider({ resource, readers: [reader] }).getMeter("quantlens.meter", "0.1.0");
    meter.createCounter("tokens", { unit: "{token}", description: "tokens out" }).add(42, { arm: "canary" });
    meter.createUpDownCounter("inflight").add(-3);
    meter.createGauge("vram.used", { unit: "By" }).record(2 ** 40);
    meter.createHistogram("latency", { unit: "ms", advice: { explicitBucketBoundaries: [10, 100] } }).record(55, { arm: "baseline" });
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);

    const [pb, json] = both<DecodedMetrics>("metrics", ProtobufMetricsSerializer.serializeRequest(resourceMetrics), JsonMetricsSerializer.serializeRequest(resourceMetrics));
    expect(pb).toEqual(json);
    const sm = pb.resourceMetrics[0].scopeMetrics[0];
    expect(sm.scope).toEqual({ name: "quantlens.meter", version: "0.1.0" });
    const byName = Object.fromEntries(sm.metrics.map((m) => [m.name, m]));
    expect(byName.tokens).toMatchObject({ type: "sum", monotonic: true, temporality: 2, unit: "{token}", description: "tokens out" });
    expect(byName.tokens.points[0]).toMatchObject({ value: 42, attributes: { arm: "canary" } });
    expect(byName.tokens.points[0].timeUnixNano).toBeGreaterThan(1_600_000_000_000_000_000n);
    expect(byName.inflight).toMatchObject({ type: "sum", monotonic: false });
    expect(byName.inflight.points[0]).toMatchObject({ value: -3 });
    expect(byName["vram.used"]).toMatchObject({ type: "gauge", unit: "By" });
    expect(byName["vram.used"].points[0]).toMatchObject({ value: 2 ** 40 });
    expect(byName.latency).toMatchObject({ type: "histogram", temporality: 2 });
    expect(byName.latency.points[0]).toMatchObject({
      attributes: { arm: "baseline" },
      count: 1,
      sum: 55,
      min: 55,
      max: 55,
      explicitBounds: [10, 100],
      bucketCounts: [0, 1, 0],
    });
    for (const m of sm.metrics) for (const p of m.points) expect(p.invalid).toBeUndefined();
  });

  it("logs: body, severity, event name, trace context", async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
    const ctx = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: PARENT_ID, traceFlags: TraceFlags.SAMPLED });
    provider.getLogger("quantlens.logs", "2.0.0").emit({
      eventName: "quantlens.shadow.compare",
      body: { verdict: "diverged", scores: [0.5, 0.75] },
      severityNumber: 13,
      severityText: "WARN",
      attributes: { "prompt.id": "p-1", tokens: 7 },
      timestamp: [1_700_000_000, 1],
      context: ctx,
    });
    await provider.forceFlush();
    const records = exporter.getFinishedLogRecords();
    expect(records).toHaveLength(1);

    const [pb, json] = both<DecodedLogs>("logs", ProtobufLogsSerializer.serializeRequest(records), JsonLogsSerializer.serializeRequest(records));
    expect(pb).toEqual(json);
    const sl = pb.resourceLogs[0].scopeLogs[0];
    expect(sl.scope).toEqual({ name: "quantlens.logs", version: "2.0.0" });
    expect(sl.logRecords[0]).toMatchObject({
      timeUnixNano: 1_700_000_000_000_000_001n,
      severityNumber: 13,
      severityText: "WARN",
      eventName: "quantlens.shadow.compare",
      body: { verdict: "diverged", scores: [0.5, 0.75] },
      attributes: { "prompt.id": "p-1", tokens: 7n },
      traceId: TRACE_ID,
      spanId: PARENT_ID,
    });
    expect(sl.logRecords[0].observedTimeUnixNano).toBeGreaterThan(1_600_000_000_000_000_000n);
    expect(sl.logRecords[0].invalid).toBeUndefined();
  });
});
