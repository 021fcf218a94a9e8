// Memory model for the demo's gauges: weights are static per arm, KV cache and activations
// follow load. Pure (no OTel), like model.ts.
import type { MemoryKind } from "@/lib/semconv";
import type { ArmProfile } from "./model";

const GIB = 1024 ** 3;

export const KV_CACHE_CAPACITY_BYTES = 6 * GIB;
/** In-flight tokens at which the paged KV pool is ~63% used. */
const KV_SCALE_TOKENS = 1_500_000;

export function memorySnapshot(profile: ArmProfile, inflightTokens: number): Record<MemoryKind, number> {
  const util = 1 - Math.exp(-Math.max(0, inflightTokens) / KV_SCALE_TOKENS);
  const weights = profile.weightsBytes;
  const kv_cache = Math.round(KV_CACHE_CAPACITY_BYTES * util);
  const activations = Math.round(0.9 * GIB + 0.3 * GIB * util);
  return { weights, kv_cache, activations, total: weights + kv_cache + activations };
}

/**
 * Little's law over a sliding window: mean in-flight tokens = sum(tokens x latency) / window.
 * Faster arms therefore hold less KV cache at the same request rate.
 */
export class LoadWindow {
  private items: { endMs: number; tokenMs: number }[] = [];
  constructor(private readonly windowMs = 10_000) {}

  record(endMs: number, latencyMs: number, tokens: number): void {
    this.items.push({ endMs, tokenMs: tokens * latencyMs });
    // Bound memory when nobody reads the gauge for a while (e.g. a long metric interval).
    if (this.items.length > 100_000) this.inflightTokens(endMs);
  }

  inflightTokens(nowMs: number): number {
    const from = nowMs - this.windowMs;
    this.items = this.items.filter((x) => x.endMs > from);
    let sum = 0;
    for (const x of this.items) if (x.endMs <= nowMs) sum += x.tokenMs;
    return sum / this.windowMs;
  }
}
