// Distribution-free confidence interval for a quantile from order statistics: with B ~ Bin(n, p)
// the number of sample points below the true p-quantile, [X_(l), X_(u)] covers it with
// probability P(l ≤ B < u). Ranks come from the normal approximation to the binomial
// (n·p·(1−p) ≥ ~10 at min_samples ≥ 200 for p ≤ 0.95; p99 at small n may be open-ended).
import { normQuantile } from "./normal";
import { quantileSorted } from "./quantiles";

export interface QuantileInterval {
  estimate: number;
  /** −Infinity / +Infinity when the sample is too small to bound that side. */
  lower: number;
  upper: number;
}

export function quantileInterval(sorted: ArrayLike<number>, p: number, confidence: number): QuantileInterval {
  const n = sorted.length;
  const estimate = quantileSorted(sorted, p);
  const z = normQuantile(1 - (1 - confidence) / 2);
  const sd = Math.sqrt(n * p * (1 - p));
  // 1-based ranks; ±1 widening is the continuity correction.
  const l = Math.floor(n * p - z * sd);
  const u = Math.ceil(n * p + z * sd) + 1;
  return {
    estimate,
    lower: l >= 1 ? sorted[l - 1] : -Infinity,
    upper: u <= n ? sorted[u - 1] : Infinity,
  };
}
