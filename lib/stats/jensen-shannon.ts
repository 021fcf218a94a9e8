/**
 * Jensen-Shannon divergence with log base 2 (so it lies in [0, 1]) and the JS distance
 * = √divergence (a metric). 0·log 0 = 0, so empty bins need no epsilon.
 */
import { checkSameBins, histogram, quantileBinEdges } from "./histogram";

function klToMixture(p: readonly number[], m: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s += p[i] * Math.log2(p[i] / m[i]);
  return s;
}

export function jsDivergenceFromCounts(a: readonly number[], b: readonly number[]): number {
  checkSameBins(a, b);
  const at = a.reduce((s, c) => s + c, 0);
  const bt = b.reduce((s, c) => s + c, 0);
  if (at === 0 || bt === 0) throw new RangeError("jsDivergence: a histogram has no observations");
  const p = a.map((c) => c / at);
  const q = b.map((c) => c / bt);
  const m = p.map((v, i) => (v + q[i]) / 2);
  // Clamp tiny negative/above-1 rounding so sqrt stays real and the range holds.
  return Math.min(1, Math.max(0, 0.5 * klToMixture(p, m) + 0.5 * klToMixture(q, m)));
}

export function jsDistanceFromCounts(a: readonly number[], b: readonly number[]): number {
  return Math.sqrt(jsDivergenceFromCounts(a, b));
}

/** JS distance of raw samples binned on the reference's quantile bins (or given edges). */
export function jsDistance(reference: ArrayLike<number>, current: ArrayLike<number>, options: { bins?: number; edges?: readonly number[] } = {}): number {
  const edges = options.edges ?? quantileBinEdges(reference, options.bins ?? 10);
  return jsDistanceFromCounts(histogram(reference, edges), histogram(current, edges));
}
