// OTel side of the demo: one Tracer/Meter/LoggerProvider per arm, because the two arms are two
// resources in one process. Exporters are injected so tests can use in-memory ones.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type HrTime } from "@opentelemetry/api";
import type { Logger } from "@opentelemetry/api-logs";
import { resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
  type LogRecordProcessor,
} from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { Counter, Tracer } from "@opentelemetry/api";
import { LoadWindow, memorySnapshot } from "@/lib/demo/memory";
import { armProfiles, type Arm, type ArmProfile, type ArmResult, type DemoRequest } from "@/lib/demo/model";
import { ATTR, ATTR_PREFIX, METRIC, OTEL, SHADOW_EVENT, type MemoryKind } from "@/lib/semconv";
import { CALIBRATION_BOUNDS, calibrationValues } from "@/lib/demo/calibration";

export const ARMS: readonly Arm[] = ["baseline", "canary"];
export const SCOPE = "quantlens-demo";

export interface ArmExporters {
  spans: SpanExporter;
  logs: LogRecordExporter;
  metrics: PushMetricExporter;
}

export interface EmitterOptions {
  deployment?: string;
  aa?: boolean;
  exporters: Record<Arm, ArmExporters>;
  /** "batch" for live traffic; "simple" exports synchronously (tests). */
  processing?: "batch" | "simple";
  metricIntervalMs?: number;
  /** Include the opt-in shadow texts (default true). */
  texts?: boolean;
  /** How often the canary's calibration reference is sent again (default 10 min); it is sent at start too. */
  calibrationIntervalMs?: number;
  /** The seed of the calibration sample (default 7). */
  calibrationSeed?: number;
}

/** Resource attributes per docs/semconv.md for one arm. */
export function armResourceAttributes(deployment: string, p: ArmProfile): Attributes {
  return {
    [OTEL.serviceName]: `${deployment}-${p.arm}`,
    [ATTR.deployment]: deployment,
    [ATTR.arm]: p.arm,
    [ATTR.modelVersion]: p.modelVersion,
    [ATTR.quantFormat]: p.quantFormat,
    [ATTR.quantMethod]: p.quantMethod,
    ...(p.groupSize !== undefined ? { [ATTR.quantGroupSize]: p.groupSize } : {}),
    ...(p.calibrationDataset ? { [ATTR.calibrationDataset]: p.calibrationDataset } : {}),
    [ATTR.runtime]: "vllm-0.9.2",
    [ATTR.hardware]: "L40S-48GB",
  };
}

/** Span attributes per docs/semconv.md for one arm of one request. */
export function spanAttributes(req: DemoRequest, r: ArmResult, p: ArmProfile): Attributes {
  return {
    [ATTR.requestId]: req.id,
    ...sliceAttributes(req),
    [ATTR.fallback]: r.fallback,
    ...(r.fallbackReason ? { [ATTR.fallbackReason]: r.fallbackReason } : {}),
    [`${ATTR_PREFIX.input}prompt_tokens`]: req.input.prompt_tokens,
    [`${ATTR_PREFIX.input}output_tokens_requested`]: req.input.output_tokens_requested,
    [`${ATTR_PREFIX.input}temperature`]: req.input.temperature,
    [OTEL.genAiRequestModel]: p.modelName,
    [OTEL.genAiInputTokens]: r.inputTokens,
    [OTEL.genAiOutputTokens]: r.outputTokens,
    [OTEL.genAiTimeToFirstToken]: r.ttftMs / 1000,
  };
}

function sliceAttributes(req: DemoRequest): Attributes {
  return {
    [`${ATTR_PREFIX.slice}language`]: req.slices.language,
    [`${ATTR_PREFIX.slice}context_bucket`]: req.slices.context_bucket,
    [`${ATTR_PREFIX.slice}task`]: req.slices.task,
  };
}

/** Exact ms → HrTime conversion (microsecond grid), avoiding the SDK's number heuristics. */
export function msToHrTime(ms: number): HrTime {
  const us = Math.round(ms * 1000);
  const sec = Math.floor(us / 1e6);
  return [sec, (us - sec * 1e6) * 1000];
}

interface ArmSdk {
  profile: ArmProfile;
  resource: Resource;
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  loggerProvider: LoggerProvider;
  tracer: Tracer;
  logger: Logger;
  energy: Counter;
  load: LoadWindow;
  memoryNowMs: number;
}

export class DemoEmitter {
  private readonly arms: Record<Arm, ArmSdk>;
  private readonly texts: boolean;
  private readonly calibration: MeterProvider | null;

  constructor(opts: EmitterOptions) {
    const deployment = opts.deployment ?? "chat-assistant";
    const profiles = armProfiles(!!opts.aa);
    const batch = (opts.processing ?? "batch") === "batch";
    this.texts = opts.texts ?? true;
    const make = (arm: Arm): ArmSdk => {
      const ex = opts.exporters[arm];
      const profile = profiles[arm];
      const resource = resourceFromAttributes(armResourceAttributes(deployment, profile));
      // Generous queues: at 200+ req/s the default 2048 queue would drop spans under backpressure.
      const buf = { maxQueueSize: 50_000, maxExportBatchSize: 1_000, scheduledDelayMillis: 500, exportTimeoutMillis: 15_000 };
      const spanProcessor: SpanProcessor = batch ? new BatchSpanProcessor(ex.spans, buf) : new SimpleSpanProcessor(ex.spans);
      const logProcessor: LogRecordProcessor = batch
        ? new BatchLogRecordProcessor({ exporter: ex.logs, ...buf })
        : new SimpleLogRecordProcessor({ exporter: ex.logs });
      const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
      const loggerProvider = new LoggerProvider({ resource, processors: [logProcessor] });
      const meterProvider = new MeterProvider({
        resource,
        readers: [new PeriodicExportingMetricReader({ exporter: ex.metrics, exportIntervalMillis: opts.metricIntervalMs ?? 5_000 })],
      });
      const meter = meterProvider.getMeter(SCOPE);
      const sdk: ArmSdk = {
        profile,
        resource,
        tracerProvider,
        meterProvider,
        loggerProvider,
        tracer: tracerProvider.getTracer(SCOPE),
        logger: loggerProvider.getLogger(SCOPE),
        energy: meter.createCounter(METRIC.energy, { unit: "J", description: "GPU energy spent serving requests" }),
        load: new LoadWindow(),
        memoryNowMs: 0,
      };
      meter
        .createObservableGauge(METRIC.memoryUsed, { unit: "By", description: "GPU memory in use by kind" })
        .addCallback((obs) => {
          const inflight = sdk.load.inflightTokens(sdk.memoryNowMs);
          const snap = memorySnapshot(profile, inflight);
          for (const kind of Object.keys(snap) as MemoryKind[]) obs.observe(snap[kind], { [ATTR.memoryKind]: kind });
        });
      return sdk;
    };
    this.arms = { baseline: make("baseline"), canary: make("canary") };
    this.calibration = this.arms.canary.profile.calibrationDataset ? this.calibrationProvider(opts) : null;
  }

  /**
   * The canary's calibration reference: one histogram per feature and cell, recorded once. Its own
   * meter provider on the canary's resource and exporter, exporting every 10 min: cumulative
   * temporality re-sends the whole distribution each time (each point is the whole set).
   */
  private calibrationProvider(opts: EmitterOptions): MeterProvider {
    const shared = opts.exporters.canary.metrics;
    // The canary's provider owns the exporter: this reader must not shut it down.
    const exporter: PushMetricExporter = {
      export: (metrics, cb) => shared.export(metrics, cb),
      forceFlush: () => shared.forceFlush(),
      shutdown: () => Promise.resolve(),
      ...(shared.selectAggregationTemporality ? { selectAggregationTemporality: shared.selectAggregationTemporality.bind(shared) } : {}),
      ...(shared.selectAggregation ? { selectAggregation: shared.selectAggregation.bind(shared) } : {}),
    };
    const provider = new MeterProvider({
      resource: this.arms.canary.resource,
      readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: opts.calibrationIntervalMs ?? 600_000 })],
    });
    const h = provider.getMeter(SCOPE).createHistogram(METRIC.calibrationInput, {
      unit: "1",
      description: "The calibration set's distribution of an input feature",
      advice: { explicitBucketBoundaries: [...CALIBRATION_BOUNDS] },
    });
    for (const v of calibrationValues(opts.calibrationSeed ?? 7)) {
      h.record(v.value, { [ATTR.calibrationFeature]: v.feature, ...(v.slice ? { [`${ATTR_PREFIX.slice}${v.slice[0]}`]: v.slice[1] } : {}) });
    }
    // At start, not after the first interval.
    void provider.forceFlush().catch(() => undefined);
    return provider;
  }

  resource(arm: Arm): Resource {
    return this.arms[arm].resource;
  }

  /**
   * Emits both arms' spans and the shadow comparison. The pair starts together (shadow
   * mirroring) at endMs - max(latency), so every timestamp is <= endMs.
   */
  emit(req: DemoRequest, endMs: number): void {
    const startMs = endMs - Math.max(req.baseline.latencyMs, req.canary.latencyMs);
    let baselineSpan: ReturnType<Tracer["startSpan"]> | undefined;
    for (const arm of ARMS) {
      const sdk = this.arms[arm];
      const r = req[arm];
      const span = sdk.tracer.startSpan(
        "inference",
        { kind: SpanKind.SERVER, startTime: msToHrTime(startMs), attributes: spanAttributes(req, r, sdk.profile) },
        ROOT_CONTEXT,
      );
      if (r.error) span.setStatus({ code: SpanStatusCode.ERROR, message: "inference failed" });
      span.end(msToHrTime(startMs + r.latencyMs));
      if (arm === "baseline") baselineSpan = span;
      sdk.energy.add(r.energyJ);
      sdk.load.record(startMs + r.latencyMs, r.latencyMs, r.inputTokens + r.outputTokens);
      sdk.memoryNowMs = Math.max(sdk.memoryNowMs, endMs);
    }
    const s = req.shadow;
    if (!s) return;
    const attributes: Attributes = {
      [OTEL.eventName]: SHADOW_EVENT,
      [ATTR.requestId]: req.id,
      ...sliceAttributes(req),
      [ATTR.shadowExactMatch]: s.exactMatch,
      [ATTR.shadowTokenAgreement]: s.tokenAgreement,
      [ATTR.shadowKlDivergence]: s.klDivergence,
      [ATTR.shadowScoreBaseline]: s.scoreBaseline,
      [ATTR.shadowScoreCanary]: s.scoreCanary,
      ...(this.texts
        ? {
            [ATTR.shadowInput]: s.input,
            [ATTR.shadowOutputBaseline]: s.outputBaseline,
            [ATTR.shadowOutputCanary]: s.outputCanary,
          }
        : {}),
    };
    // Through the baseline arm (its resource carries the deployment), linked to the baseline span.
    this.arms.baseline.logger.emit({
      eventName: SHADOW_EVENT,
      timestamp: msToHrTime(endMs),
      observedTimestamp: msToHrTime(endMs),
      attributes,
      ...(baselineSpan ? { context: trace.setSpan(ROOT_CONTEXT, baselineSpan) } : {}),
    });
  }

  /** Flushes every provider; resolves even if some exports failed (returns their errors). */
  async forceFlush(): Promise<unknown[]> {
    return settle([...(this.calibration ? [this.calibration.forceFlush()] : []), ...ARMS.flatMap((a) => [
      this.arms[a].tracerProvider.forceFlush(),
      this.arms[a].loggerProvider.forceFlush(),
      this.arms[a].meterProvider.forceFlush(),
    ])]);
  }

  /** Flushes and shuts down every provider; a failed final export must not break the others. */
  async shutdown(): Promise<unknown[]> {
    // The calibration provider first: its last export goes through the canary's exporter, which the canary's provider shuts down.
    const first = this.calibration ? await settle([this.calibration.shutdown()]) : [];
    return [...first, ...(await settle(ARMS.flatMap((a) => [
      this.arms[a].tracerProvider.shutdown(),
      this.arms[a].loggerProvider.shutdown(),
      this.arms[a].meterProvider.shutdown(),
    ])))];
  }
}

async function settle(ps: Promise<unknown>[]): Promise<unknown[]> {
  const rs = await Promise.allSettled(ps);
  return rs.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
}
