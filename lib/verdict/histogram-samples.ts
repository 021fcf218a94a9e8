// The per-minute latency histograms (bin b of latency_hist covers [2^(b/32) − 1, 2^((b+1)/32) − 1) ms)
// as the binned samples the latency checks use.
import type { Binned } from "@/lib/stats";

export function binMidpointMs(bin: number): number {
  return (Math.pow(2, bin / 32) - 1 + Math.pow(2, (bin + 1) / 32) - 1) / 2;
}

/** Parallel bin and count arrays (any order, zeros allowed) → ascending Binned. */
export function toBinned(bins: number[], counts: number[]): Binned {
  const order = bins.map((b, i) => [Number(b), Number(counts[i])] as const).filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  return { bins: order.map(([b]) => b), counts: order.map(([, c]) => c) };
}
