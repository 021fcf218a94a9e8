// End to end: the official OpenTelemetry SDK exports over protobuf and JSON to a real HTTP
// server, and the rows are read back from the embedded ClickHouse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { SpanStatusCode } from "@opentelemetry/api";
import { startIngestServer, type TestServer } from "@/testkit/http-server";
import { createKey } from "@/testkit/keys";
import { rows, uniqueDeployment } from "@/testkit/db";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startIngestServer();
  key = await createKey(["ingest"]);
});
afterAll(async () => server?.close());

function resource(deployment: string, arm: "baseline" | "canary") {
  return resourceFromAttributes({
    "service.name": `${deployment}-${arm}`,
    "quantlens.deployment": deployment,
    "quantlens.arm": arm,
    "quantlens.quant.format": arm === "canary" ? "W4A16" : "bf16",
    "quantlens.quant.method": arm === "canary" ? "awq" : "none",
    "quantlens.quant.group_size": arm === "canary" ? 128 : 0,
    "quantlens.runtime": "vllm-0.9.2",
  });
}

async function sendSpansAndLogs(protocol: "protobuf" | "json", deployment: string) {
  const headers = { Authorization: `Bearer ${key}` };
  const t0 = Date.now() - 5_000;
  for (const arm of ["baseline", "canary"] as const) {
    const exporter =
      protocol === "protobuf"
        ? new ProtoTraceExporter({ url: `${server.url}/v1/traces`, headers })
        : new JsonTraceExporter({ url: `${server.url}/v1/traces`, headers });
    const provider = new BasicTracerProvider({ resource: resource(deployment, arm), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer("quantlens-test");
    for (let i = 0; i < 10; i++) {
      const latency = arm === "canary" ? 100 + i : 150 + i;
      const span = tracer.startSpan("inference", {
        startTime: t0 + i * 100,
        attributes: {
          "quantlens.request.id": `req-${i}`,
          "quantlens.slice.language": i % 2 ? "de" : "en",
          "quantlens.slice.context_bucket": i < 5 ? "short" : "long",
          "quantlens.fallback": arm === "canary" && i === 9,
          "quantlens.input.prompt_tokens": 100 * i,
          "gen_ai.usage.input_tokens": 100 * i,
          "gen_ai.usage.output_tokens": 20,
          "gen_ai.server.time_to_first_token": 0.05,
          "custom.unknown": "kept",
        },
      });
      if (i === 3) span.setStatus({ code: SpanStatusCode.ERROR, message: "boom" });
      span.end(t0 + i * 100 + latency);
    }
    await provider.forceFlush();
    await provider.shutdown();
  }
  const logExporter =
    protocol === "protobuf"
      ? new ProtoLogExporter({ url: `${server.url}/v1/logs`, headers })
      : new JsonLogExporter({ url: `${server.url}/v1/logs`, headers });
  const lp = new LoggerProvider({ resource: resource(deployment, "baseline"), processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
  const logger = lp.getLogger("quantlens-test");
  for (let i = 0; i < 10; i++) {
    logger.emit({
      eventName: "quantlens.shadow_comparison",
      timestamp: t0 + i * 100,
      attributes: {
        "quantlens.request.id": `req-${i}`,
        "quantlens.slice.language": i % 2 ? "de" : "en",
        "quantlens.shadow.exact_match": i % 3 !== 0,
        "quantlens.shadow.token_agreement": 0.9,
        "quantlens.shadow.kl_divergence": 0.02,
        "quantlens.shadow.score.baseline": 0.8,
        "quantlens.shadow.score.canary": 0.7,
        "quantlens.shadow.output.canary": "<script>alert(1)</script>",
      },
    });
  }
  await lp.forceFlush();
  await lp.shutdown();
}

describe.each(["protobuf", "json"] as const)("OpenTelemetry SDK over %s", (protocol) => {
  it("stores spans, shadow comparisons, manifests and aggregates", async () => {
    const deployment = uniqueDeployment(`sdk-${protocol}`);
    await sendSpansAndLogs(protocol, deployment);

    const events = await rows<{ arm: string; n: number; errors: number; fallbacks: number; lat: number; slices: Record<string, string>; attrs: string }>(
      `SELECT arm, toUInt32(count()) n, toUInt32(sum(is_error)) errors, toUInt32(sum(is_fallback)) fallbacks, round(avg(latency_ms), 3) lat,
              any(slices) slices, any(attributes['custom.unknown']) attrs
       FROM inference_events WHERE deployment = {d:String} GROUP BY arm ORDER BY arm`,
      { d: deployment },
    );
    expect(events.map((e) => [e.arm, e.n, e.errors, e.fallbacks, e.lat])).toEqual([
      ["baseline", 10, 1, 0, 154.5],
      ["canary", 10, 1, 1, 104.5],
    ]);
    expect(events[0].attrs).toBe("kept");
    expect(Object.keys(events[0].slices).sort()).toEqual(["context_bucket", "language"]);

    const shadow = await rows<{ n: number; exact: number; out: string }>(
      `SELECT toUInt32(count()) n, toUInt32(sum(exact_match)) exact, any(output_canary) out FROM shadow_comparisons WHERE deployment = {d:String}`,
      { d: deployment },
    );
    expect(shadow[0]).toEqual({ n: 10, exact: 6, out: "<script>alert(1)</script>" });

    const manifests = await rows<{ arm: string; quant_format: string; group_size: string }>(
      `SELECT arm, quant_format, group_size FROM manifests WHERE deployment = {d:String} ORDER BY arm`,
      { d: deployment },
    );
    expect(manifests).toEqual([
      { arm: "baseline", quant_format: "bf16", group_size: "0" },
      { arm: "canary", quant_format: "W4A16", group_size: "128" },
    ]);

    // The aggregates hold the per-slice and pair cells fed by the materialized views.
    const agg = await rows<{ dimension: string; value: string; arm: string; requests: number }>(
      `SELECT dimension, value, arm, toUInt32(sum(requests)) requests FROM request_minute
       WHERE deployment = {d:String} GROUP BY dimension, value, arm ORDER BY dimension, value, arm`,
      { d: deployment },
    );
    const cell = (dim: string, value: string, arm: string) => agg.find((a) => a.dimension === dim && a.value === value && a.arm === arm)?.requests;
    expect(cell("", "", "canary")).toBe(10);
    expect(cell("language", "de", "baseline")).toBe(5);
    expect(cell("context_bucket×language", "long×de", "canary")).toBe(3);
    const shadowAgg = await rows<{ pairs: number; exact: number }>(
      `SELECT toUInt32(sum(pairs)) pairs, toUInt32(sum(exact_matches)) exact FROM shadow_minute WHERE deployment = {d:String} AND dimension = 'language' AND value = 'de'`,
      { d: deployment },
    );
    expect(shadowAgg[0]).toEqual({ pairs: 5, exact: 3 });
  });
});

it("feeds memory gauges from the metrics SDK into resource samples", async () => {
  const deployment = uniqueDeployment("sdk-metrics");
  const exporter = new ProtoMetricExporter({ url: `${server.url}/v1/metrics`, headers: { Authorization: `Bearer ${key}` } });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const mp = new MeterProvider({ resource: resource(deployment, "canary"), readers: [reader] });
  const gauge = mp.getMeter("t").createObservableGauge("quantlens.memory.used", { unit: "By" });
  gauge.addCallback((r) => {
    r.observe(4.5e9, { "quantlens.memory.kind": "weights" });
    r.observe(2e9, { "quantlens.memory.kind": "kv_cache" });
  });
  await mp.forceFlush();
  await mp.shutdown();
  const got = await rows<{ kind: string; value: number }>(
    `SELECT kind, max(value) value FROM resource_samples WHERE deployment = {d:String} GROUP BY kind ORDER BY kind`,
    { d: deployment },
  );
  expect(got).toEqual([
    { kind: "kv_cache", value: 2e9 },
    { kind: "weights", value: 4.5e9 },
  ]);
});
