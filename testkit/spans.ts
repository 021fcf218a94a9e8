// Realistic OTLP span batches built with the OpenTelemetry SDK and its protobuf serializer:
// 20 attributes, 3 slices, a shadow-comparison span event per canary span.
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";

const LANGS = ["en", "de", "fr", "es", "ja"];
// Every request id starts with this placeholder; `Sends` overwrites it per send (same width, so
// the protobuf stays valid) because ingest stores a byte-identical retry only once.
const SEND_MARK = "s00000000";
const CTX = ["short", "medium", "long"];
const TASKS = ["chat", "summarize", "code", "extract"];

function spansFor(deployment: string, arm: "baseline" | "canary", count: number, seed: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": `${deployment}-${arm}`,
      "quantlens.deployment": deployment,
      "quantlens.arm": arm,
      "quantlens.model.version": "llama-3.1-8b-instruct@2026-10",
      "quantlens.quant.format": arm === "canary" ? "W4A16" : "bf16",
      "quantlens.quant.method": arm === "canary" ? "awq" : "none",
      "quantlens.runtime": "vllm-0.9.2",
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("bench");
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const k = seed * 1_000_003 + i;
    const start = now - 60_000 + (i % 60_000);
    const latency = 80 + ((k * 7919) % 400);
    const span = tracer.startSpan("inference", {
      startTime: start,
      attributes: {
        "quantlens.request.id": `${SEND_MARK}-${seed}-${i}`,
        "quantlens.slice.language": LANGS[k % 5],
        "quantlens.slice.context_bucket": CTX[k % 3],
        "quantlens.slice.task": TASKS[k % 4],
        "quantlens.fallback": k % 97 === 0,
        "quantlens.input.prompt_tokens": 100 + (k % 8000),
        "quantlens.input.temperature": (k % 10) / 10,
        "gen_ai.request.model": "llama-3.1-8b-instruct",
        "gen_ai.usage.input_tokens": 100 + (k % 8000),
        "gen_ai.usage.output_tokens": 20 + (k % 500),
        "gen_ai.server.time_to_first_token": latency / 4000,
        "http.route": "/v1/chat/completions",
        "server.address": "inference-7f9c",
        "user.tier": k % 3 ? "free" : "pro",
        "app.region": "eu-west-1",
        "app.build": "2026.11.3",
        "request.priority": k % 5,
        "cache.hit": k % 4 === 0,
        "queue.wait_ms": k % 30,
        "batch.size": 1 + (k % 16),
      },
    });
    if (arm === "canary") {
      span.addEvent("quantlens.shadow_comparison", {
        "quantlens.shadow.exact_match": k % 6 !== 0,
        "quantlens.shadow.token_agreement": 0.9 + (k % 10) / 100,
        "quantlens.shadow.kl_divergence": (k % 50) / 1000,
      }, start + latency);
    }
    span.end(start + latency);
  }
  return exporter.getFinishedSpans();
}

/** Protobuf ExportTraceServiceRequest bodies of `perBatch` spans, half baseline, half canary. */
export function protobufBatches(deployment: string, batches: number, perBatch: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let b = 0; b < batches; b++) {
    const spans = [...spansFor(deployment, "baseline", perBatch / 2, b), ...spansFor(deployment, "canary", perBatch / 2, b)];
    out.push(ProtobufTraceSerializer.serializeRequest(spans)!);
  }
  return out;
}

/** Distinct request bodies from a few pre-built batches: send n carries n in every request id. */
export class Sends {
  private readonly marks: number[][];
  private n = 0;

  constructor(private readonly batches: Uint8Array[]) {
    const mark = Buffer.from(SEND_MARK);
    this.marks = batches.map((b) => {
      const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      const at: number[] = [];
      for (let i = buf.indexOf(mark); i >= 0; i = buf.indexOf(mark, i + mark.length)) at.push(i);
      return at;
    });
  }

  next(): Uint8Array {
    const i = this.n++;
    const k = i % this.batches.length;
    const body = Buffer.from(this.batches[k]);
    const stamp = Buffer.from(`s${String(i).padStart(SEND_MARK.length - 1, "0")}`);
    if (stamp.length !== SEND_MARK.length) throw new Error("more sends than the request-id placeholder can number");
    for (const at of this.marks[k]) stamp.copy(body, at);
    return body;
  }
}
