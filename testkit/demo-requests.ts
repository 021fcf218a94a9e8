// Simulated pairs as the demo emitter's requests, so the OpenTelemetry SDK can send them to a
// real server (tests/system/judgment.test.ts): one request per arms pair, with its shadow pair.
import type { DemoRequest } from "@/lib/demo/model";
import type { ArmsPair, PairRecord, ShadowPair } from "@/lib/judgment/records";

const arm = (r: ArmsPair["baseline"]) => ({
  latencyMs: Math.round(r.latencyMs * 1000) / 1000,
  ttftMs: Math.round(r.latencyMs * 100) / 1000,
  error: r.error,
  fallback: r.fallback,
  ...(r.fallback ? { fallbackReason: "kv_cache_pressure" as const } : {}),
  inputTokens: 1000,
  outputTokens: 200,
  energyJ: 10,
});

export function demoRequests(records: PairRecord[], startIndex: number): DemoRequest[] {
  const shadow = new Map<string, ShadowPair>();
  for (const r of records) if (r.kind === "shadow") shadow.set(r.requestId, r);
  const out: DemoRequest[] = [];
  for (const r of records) {
    if (r.kind !== "arms") continue;
    const s = shadow.get(r.requestId);
    out.push({
      index: startIndex + out.length,
      id: r.requestId,
      slices: r.slices as unknown as DemoRequest["slices"],
      input: { prompt_tokens: 1000, output_tokens_requested: 256, temperature: 0 },
      baseline: arm(r.baseline),
      canary: arm(r.canary),
      ...(s
        ? {
            shadow: {
              exactMatch: s.exact,
              tokenAgreement: s.agreement,
              klDivergence: s.kl ?? 0,
              scoreBaseline: s.scoreBaseline ?? 0,
              scoreCanary: s.scoreCanary ?? 0,
              input: "",
              outputBaseline: "",
              outputCanary: "",
            },
          }
        : {}),
      regressed: false,
    });
  }
  return out;
}
