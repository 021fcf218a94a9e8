/**
 * The log2 bins of the per-minute histograms (clickhouse/migrations/0002_minute_aggregates.sql):
 * bin b of x ≥ 0 is floor(log2(1 + x) · 32), so it covers [2^(b/32) − 1, 2^((b+1)/32) − 1),
 * about 2% wide. Latency bins are UInt16, drift-feature bins signed Int16 (sign · bin of |x|).
 * The SQL side is clickhouse/log-bins.ts; tests/integration/log-bins.test.ts keeps them equal.
 */
export const BINS_PER_OCTAVE = 32;
/** Cap of a latency bin (UInt16). */
export const LATENCY_BIN_MAX = 65535;
/** Cap of a drift bin's magnitude (Int16). */
export const SIGNED_BIN_MAX = 32767;

/** The latency histogram bin of ms ≥ 0. */
export function latencyBin(ms: number): number {
  return Math.min(LATENCY_BIN_MAX, Math.floor(Math.log2(1 + ms) * BINS_PER_OCTAVE));
}

/** The drift histogram bin of x (any sign); 0 for |x| < 2^(1/32) − 1. */
export function signedBin(x: number): number {
  const b = Math.sign(x) * Math.min(SIGNED_BIN_MAX, Math.floor(Math.log2(1 + Math.abs(x)) * BINS_PER_OCTAVE));
  // -0 (a negative x in bin 0, or x = -0) is bin 0.
  return b === 0 ? 0 : b;
}

/** The smallest value of bin b ≥ 0. */
export function binLowerEdge(b: number): number {
  return 2 ** (b / BINS_PER_OCTAVE) - 1;
}

/**
 * The lower edge of a signed bin's value range: bin −k holds (−edge(k+1), −edge(k)]. Bin 0 also
 * holds small negatives; its edge is given as 0, the edge of its non-negative part.
 */
export function signedBinLowerEdge(b: number): number {
  return b >= 0 ? binLowerEdge(b) : -binLowerEdge(-b + 1);
}
