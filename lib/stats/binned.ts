/**
 * Rank statistics and quantile intervals on data binned to an integer grid (a histogram with
 * bins ascending and counts > 0). Values in one bin are ties. Each function equals its sample
 * counterpart run on the expanded data (every bin repeated `count` times), but costs
 * O(bins²) or less instead of O(n·m), so it can use every request in a window.
 */
import { mannWhitneySigma } from "./mann-whitney";
import { normQuantile, normSf } from "./normal";

export interface Binned {
  bins: number[];
  counts: number[];
}

export function binnedTotal(b: Binned): number {
  let n = 0;
  for (const c of b.counts) n += c;
  return n;
}

/** The bin holding the k-th smallest value (1-based). */
export function binnedOrderStatistic(b: Binned, k: number): number {
  let cum = 0;
  for (let i = 0; i < b.bins.length; i++) {
    cum += b.counts[i];
    if (cum >= k) return b.bins[i];
  }
  return b.bins[b.bins.length - 1];
}

/**
 * Distribution-free interval for the p-quantile (see lib/stats/quantile-interval.ts for the ranks):
 * bins of the estimate (R type 1, the order statistic at ceil(n·p)) and of both bounds;
 * ±Infinity where the data cannot bound a side.
 */
export function binnedQuantileInterval(b: Binned, p: number, confidence: number): { estimate: number; lower: number; upper: number } {
  const n = binnedTotal(b);
  const z = normQuantile(1 - (1 - confidence) / 2);
  const sd = Math.sqrt(n * p * (1 - p));
  const l = Math.floor(n * p - z * sd);
  const u = Math.ceil(n * p + z * sd) + 1;
  return {
    estimate: binnedOrderStatistic(b, Math.max(1, Math.ceil(n * p))),
    lower: l >= 1 ? binnedOrderStatistic(b, l) : -Infinity,
    upper: u <= n ? binnedOrderStatistic(b, u) : Infinity,
  };
}

/** Tie groups of the pooled sample (x shifted by `shift`, then y). */
function tieSizes(x: Binned, y: Binned, shift: number): number[] {
  const groups = new Map<number, number>();
  x.bins.forEach((v, i) => groups.set(v - shift, (groups.get(v - shift) ?? 0) + x.counts[i]));
  y.bins.forEach((v, i) => groups.set(v, (groups.get(v) ?? 0) + y.counts[i]));
  return [...groups.values()];
}

/**
 * Mann-Whitney for H1 "x − shift is stochastically greater than y", with tie correction and
 * continuity correction, as mannWhitneyU(x − shift, y, {alternative: "greater"}).
 */
export function binnedMannWhitneyGreater(x: Binned, y: Binned, shift = 0): { u1: number; z: number; pValue: number } {
  const n1 = binnedTotal(x);
  const n2 = binnedTotal(y);
  let u1 = 0;
  for (let i = 0; i < x.bins.length; i++) {
    const xv = x.bins[i] - shift;
    let below = 0;
    let tied = 0;
    for (let j = 0; j < y.bins.length; j++) {
      if (y.bins[j] < xv) below += y.counts[j];
      else if (y.bins[j] === xv) tied += y.counts[j];
    }
    u1 += x.counts[i] * (below + tied / 2);
  }
  const sigma = mannWhitneySigma(n1, n2, tieSizes(x, y, shift));
  if (!(sigma > 0)) return { u1, z: 0, pValue: 1 };
  const z = (u1 - (n1 * n2) / 2 - 0.5) / sigma;
  return { u1, z, pValue: normSf(z) };
}

/**
 * Hodges-Lehmann shift (median of all pairwise x − y) with its order-statistic interval, in
 * bin units, as hodgesLehmann() on the expanded data. Pairwise differences of grid values
 * are grid values, so their distribution is a weighted cross-correlation of the two counts.
 */
export function binnedHodgesLehmann(x: Binned, y: Binned, confLevel = 0.95): { estimate: number; lower: number; upper: number } {
  const n1 = binnedTotal(x);
  const n2 = binnedTotal(y);
  if (n1 === 0 || n2 === 0) throw new RangeError("binnedHodgesLehmann: both samples must be non-empty");
  const lo = x.bins[0] - y.bins[y.bins.length - 1];
  const span = x.bins[x.bins.length - 1] - y.bins[0] - lo + 1;
  const weight = new Float64Array(span);
  for (let i = 0; i < x.bins.length; i++) {
    for (let j = 0; j < y.bins.length; j++) weight[x.bins[i] - y.bins[j] - lo] += x.counts[i] * y.counts[j];
  }
  const kth = (k: number): number => {
    let cum = 0;
    for (let d = 0; d < span; d++) {
      cum += weight[d];
      if (cum >= k) return d + lo;
    }
    return span - 1 + lo;
  };
  const total = n1 * n2;
  const mid = Math.floor((total + 1) / 2);
  const estimate = total % 2 === 1 ? kth(mid) : (kth(mid) + kth(mid + 1)) / 2;
  const sigma = mannWhitneySigma(n1, n2, tieSizes(x, y, 0));
  const z = normQuantile(1 - (1 - confLevel) / 2);
  const k = Math.max(1, Math.min(Math.floor(total / 2 + 0.5 - z * sigma), Math.floor((total + 1) / 2)));
  return { estimate, lower: kth(k), upper: kth(total - k + 1) };
}
