import { afterEach, describe, expect, it } from "vitest";
import { SpanKind, SpanStatusCode, type HrTime } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { InMemoryLogRecordExporter } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, DataPointType, InMemoryMetricExporter } from "@opentelemetry/sdk-metrics";
import { DemoEmitter, msToHrTime, type ArmExporters } from "@/scripts/demo/emit";
import { SHADOW_EVENT } from "@/lib/semconv";
import { generateBatch, type Arm, type DemoRequest } from "@/lib/demo/model";
import { describeExportError, startDemo } from "@/scripts/demo/run";

const hrMs = (t: HrTime) => t[0] * 1000 + t[1] / 1e6;

// The in-memory exporters forget everything on shutdown; these keep it for inspection.
class KeptSpans extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
class KeptLogs extends InMemoryLogRecordExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function memExporters() {
  const make = () => ({
    spans: new KeptSpans(),
    logs: new KeptLogs(),
    metrics: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  });
  return { baseline: make(), canary: make() } satisfies Record<Arm, ArmExporters>;
}

const emitters: DemoEmitter[] = [];
afterEach(async () => {
  await Promise.all(emitters.splice(0).map((e) => e.shutdown()));
});

function emitBatch(reqs: DemoRequest[], opts: { aa?: boolean; deployment?: string; texts?: boolean } = {}) {
  const ex = memExporters();
  const em = new DemoEmitter({ ...opts, exporters: ex, processing: "simple", metricIntervalMs: 60_000 });
  emitters.push(em);
  const t0 = Date.UTC(2025, 0, 1, 12, 0, 0); // before process start: must still be read as epoch time
  reqs.forEach((r, i) => em.emit(r, t0 + i * 50));
  return { ex, em, t0 };
}

describe("demo emit (in-memory OTel exporters)", () => {
  const reqs = generateBatch({ seed: 7, count: 3000, regression: "on" });

  it("one SERVER `inference` span per arm with semconv attributes and exact durations", () => {
    const { ex, t0 } = emitBatch(reqs.slice(0, 400));
    for (const arm of ["baseline", "canary"] as const) {
      const spans = ex[arm].spans.getFinishedSpans();
      expect(spans).toHaveLength(400);
      const byId = new Map<string, ReadableSpan>(spans.map((s) => [String(s.attributes["quantlens.request.id"]), s]));
      for (const [i, r] of reqs.slice(0, 400).entries()) {
        const s = byId.get(r.id)!;
        const a = r[arm];
        expect(s.name).toBe("inference");
        expect(s.kind).toBe(SpanKind.SERVER);
        expect(hrMs(s.duration)).toBeCloseTo(a.latencyMs, 3);
        // Both arms start together; nothing ends after the request's emit time.
        expect(hrMs(s.startTime)).toBeCloseTo(t0 + i * 50 - Math.max(r.baseline.latencyMs, r.canary.latencyMs), 3);
        expect(hrMs(s.endTime)).toBeLessThanOrEqual(t0 + i * 50 + 1e-3);
        expect(s.status.code).toBe(a.error ? SpanStatusCode.ERROR : SpanStatusCode.UNSET);
        expect(s.attributes).toMatchObject({
          "quantlens.slice.language": r.slices.language,
          "quantlens.slice.context_bucket": r.slices.context_bucket,
          "quantlens.slice.task": r.slices.task,
          "quantlens.fallback": a.fallback,
          "quantlens.input.prompt_tokens": r.input.prompt_tokens,
          "quantlens.input.output_tokens_requested": r.input.output_tokens_requested,
          "quantlens.input.temperature": r.input.temperature,
          "gen_ai.request.model": "llama-3.1-8b-instruct",
          "gen_ai.usage.input_tokens": a.inputTokens,
          "gen_ai.usage.output_tokens": a.outputTokens,
          "gen_ai.server.time_to_first_token": a.ttftMs / 1000,
        });
        if (a.fallback) expect(s.attributes["quantlens.fallback.reason"]).toBe(a.fallbackReason);
        else expect(s.attributes).not.toHaveProperty("quantlens.fallback.reason");
      }
    }
    const canary = ex.canary.spans.getFinishedSpans();
    expect(canary.some((s) => s.attributes["quantlens.fallback"] === true)).toBe(true);
    expect(ex.baseline.spans.getFinishedSpans().some((s) => s.attributes["quantlens.fallback"] === true)).toBe(false);
  });

  it("resources per arm carry the deployment manifest", () => {
    const { ex } = emitBatch(reqs.slice(0, 5), { deployment: "rag-bot" });
    const b = ex.baseline.spans.getFinishedSpans()[0].resource.attributes;
    const c = ex.canary.spans.getFinishedSpans()[0].resource.attributes;
    expect(b).toMatchObject({
      "service.name": "rag-bot-baseline",
      "quantlens.deployment": "rag-bot",
      "quantlens.arm": "baseline",
      "quantlens.quant.format": "bf16",
      "quantlens.quant.method": "none",
      "quantlens.runtime": "vllm-0.9.2",
      "quantlens.hardware": "L40S-48GB",
    });
    expect(typeof b["quantlens.model.version"]).toBe("string");
    expect(b).not.toHaveProperty("quantlens.quant.group_size");
    expect(c).toMatchObject({
      "service.name": "rag-bot-canary",
      "quantlens.deployment": "rag-bot",
      "quantlens.arm": "canary",
      "quantlens.quant.format": "W4A16",
      "quantlens.quant.method": "awq",
      "quantlens.quant.group_size": 128,
      "quantlens.runtime": "vllm-0.9.2",
    });
    expect(String(c["quantlens.calibration.dataset"])).toMatch(/^c4-en-512@sha256:[0-9a-f]+$/);
    expect(c["quantlens.model.version"]).not.toBe(b["quantlens.model.version"]);
  });

  it("one shadow comparison log record per complete pair, on the baseline resource", () => {
    const slice = reqs.slice(0, 1500);
    const { ex, t0 } = emitBatch(slice);
    expect(ex.canary.logs.getFinishedLogRecords()).toHaveLength(0);
    const logs = ex.baseline.logs.getFinishedLogRecords();
    const paired = slice.filter((r) => r.shadow);
    expect(paired.length).toBeLessThan(slice.length); // some errored pairs are skipped
    expect(logs).toHaveLength(paired.length);
    const spanById = new Map(ex.baseline.spans.getFinishedSpans().map((s) => [s.attributes["quantlens.request.id"], s]));
    for (const [k, rec] of logs.entries()) {
      const r = paired[k];
      const s = r.shadow!;
      expect(rec.eventName).toBe(SHADOW_EVENT);
      expect(rec.resource.attributes["quantlens.deployment"]).toBe("chat-assistant");
      expect(rec.resource.attributes["quantlens.arm"]).toBe("baseline");
      expect(hrMs(rec.hrTime)).toBeCloseTo(t0 + r.index * 50, 3);
      expect(rec.attributes).toEqual({
        "event.name": SHADOW_EVENT,
        "quantlens.request.id": r.id,
        "quantlens.slice.language": r.slices.language,
        "quantlens.slice.context_bucket": r.slices.context_bucket,
        "quantlens.slice.task": r.slices.task,
        "quantlens.shadow.exact_match": s.exactMatch,
        "quantlens.shadow.token_agreement": s.tokenAgreement,
        "quantlens.shadow.kl_divergence": s.klDivergence,
        "quantlens.shadow.score.baseline": s.scoreBaseline,
        "quantlens.shadow.score.canary": s.scoreCanary,
        "quantlens.shadow.input": s.input,
        "quantlens.shadow.output.baseline": s.outputBaseline,
        "quantlens.shadow.output.canary": s.outputCanary,
      });
      // Linked to the baseline span of the same request.
      expect(rec.spanContext?.spanId).toBe(spanById.get(r.id)!.spanContext().spanId);
    }
  });

  it("texts can be turned off", () => {
    const { ex } = emitBatch(reqs.slice(0, 20), { texts: false });
    for (const rec of ex.baseline.logs.getFinishedLogRecords()) {
      expect(Object.keys(rec.attributes).some((k) => k.startsWith("quantlens.shadow.input"))).toBe(false);
      expect(rec.attributes).toHaveProperty("quantlens.shadow.exact_match");
    }
  });

  it("memory gauges by kind and the energy counter", async () => {
    const slice = reqs.slice(0, 300);
    const { ex, em } = emitBatch(slice);
    await em.forceFlush();
    const gauges: Record<string, Record<string, number>> = {};
    for (const arm of ["baseline", "canary"] as const) {
      const metrics = ex[arm].metrics.getMetrics().at(-1)!.scopeMetrics.flatMap((s) => s.metrics);
      const mem = metrics.find((m) => m.descriptor.name === "quantlens.memory.used")!;
      expect(mem.dataPointType).toBe(DataPointType.GAUGE);
      gauges[arm] = Object.fromEntries(
        mem.dataPoints.map((p) => [String(p.attributes["quantlens.memory.kind"]), p.value as number]),
      );
      const g = gauges[arm];
      expect(Object.keys(g).sort()).toEqual(["activations", "kv_cache", "total", "weights"]);
      expect(g.total).toBe(g.weights + g.kv_cache + g.activations);
      expect(g.kv_cache).toBeGreaterThan(0);
      const energy = metrics.find((m) => m.descriptor.name === "quantlens.energy")!;
      expect(energy.descriptor.unit).toBe("J");
      const total = slice.reduce((s, r) => s + r[arm].energyJ, 0);
      expect(energy.dataPoints[0].value as number).toBeCloseTo(total, 3);
    }
    expect(gauges.baseline.weights).toBeGreaterThan(15e9);
    expect(gauges.canary.weights).toBeLessThan(5e9);
    // The faster canary holds fewer tokens in flight, so less KV cache.
    expect(gauges.canary.kv_cache).toBeLessThan(gauges.baseline.kv_cache);
  });

  it("msToHrTime is exact on the microsecond grid", () => {
    expect(msToHrTime(1_735_732_800_123.456)).toEqual([1_735_732_800, 123_456_000]);
    expect(msToHrTime(999.9999)).toEqual([1, 0]);
  });
});

describe("demo runner", () => {
  it("startDemo paces requests, stops at maxRequests and flushes everything", async () => {
    const ex = memExporters();
    const lines: string[] = [];
    const demo = startDemo({ url: "http://unused", key: "k", rate: 400, seed: 3, maxRequests: 120, exporters: ex, log: (s) => lines.push(s), statsEveryMs: 0 });
    await demo.done;
    const st = demo.stats();
    expect(st.requests).toBe(120);
    expect(st.done).toBe(true);
    expect(ex.baseline.spans.getFinishedSpans()).toHaveLength(120);
    expect(ex.canary.spans.getFinishedSpans()).toHaveLength(120);
    expect(ex.baseline.logs.getFinishedLogRecords().length).toBeGreaterThan(110);
    const ids = ex.baseline.spans.getFinishedSpans().map((s) => String(s.attributes["quantlens.request.id"]));
    expect(new Set(ids).size).toBe(120);
    expect(ids[0]).toMatch(/^demo-3-[0-9a-z]+-0$/);
    expect(lines[0]).toContain("400 req/s");
    await demo.stop(); // idempotent
  });

  it("explains auth and network failures", () => {
    const auth = describeExportError("http://x", Object.assign(new Error("Unauthorized"), { code: 401 }));
    expect(auth.kind).toBe("auth");
    expect(auth.message).toMatch(/key/);
    const net = describeExportError("http://x", Object.assign(new Error("connect"), { code: "ECONNREFUSED" }));
    expect(net.kind).toBe("network");
    expect(net.message).toContain("ECONNREFUSED");
  });
});
