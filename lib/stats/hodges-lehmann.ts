/**
 * Hodges-Lehmann two-sample shift estimate and its distribution-free confidence interval.
 *
 * Estimate: median of all n1·n2 pairwise differences x_i − y_j (mean of the two middle
 * ones when n1·n2 is even), as R's wilcox.test(conf.int = TRUE) reports.
 *
 * Selection: the k-th smallest difference is found exactly without materialising the
 * n1·n2 differences. With x ascending and y descending the difference matrix is sorted
 * along rows and columns; a randomized pivot (seeded, so deterministic) is ranked with
 * an O(n1+n2) two-pointer count and the per-row candidate ranges shrink as in
 * quickselect (Monahan 1984 / Johnson & Mizoguchi 1978 style): expected
 * O((n1+n2)·log(n1·n2)) after the O(n log n) sorts.
 *
 * CI (order-statistic / Moses method, Hollander & Wolfe §4.3) with a normal-approximation
 * critical value: k = floor(n1·n2/2 + 1/2 − z_{1−α/2}·σ_U) (σ_U tie-corrected, the 1/2 is a
 * continuity correction), lower = D_(k), upper = D_(n1·n2 − k + 1), k clamped to ≥ 1.
 * This is what R's exact=TRUE branch does with qwilcox replaced by its normal
 * approximation; R's exact=FALSE branch instead inverts the continuity-corrected z by
 * root-finding, which gives a (non-order-statistic) interval close to this one.
 */
import { mannWhitneySigma } from "./mann-whitney";
import { normQuantile } from "./normal";
import { createRng } from "./prng";
import { averageRanks } from "./ranks";

function sortedCopy(v: ArrayLike<number>, descending: boolean): Float64Array {
  const s = Float64Array.from(v).sort();
  return descending ? s.reverse() : s;
}

/** k-th smallest (1-based) of {x_i − y_j}, exact. */
export function kthPairwiseDifference(x: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  return kthSorted(sortedCopy(x, false), sortedCopy(y, true), k);
}

function kthSorted(xs: Float64Array, yd: Float64Array, k: number): number {
  const n1 = xs.length;
  const n2 = yd.length;
  const total = n1 * n2;
  if (!Number.isInteger(k) || k < 1 || k > total) throw new RangeError(`k must be an integer in [1, ${total}], got ${k}`);
  // Row i holds xs[i] − yd[j], increasing in j and in i. Candidates are columns [lo[i], hi[i]).
  const lo = new Int32Array(n1);
  const hi = new Int32Array(n1).fill(n2);
  const lt = new Int32Array(n1);
  const le = new Int32Array(n1);
  const rng = createRng(0x5eed ^ total);
  for (;;) {
    let remaining = 0;
    for (let i = 0; i < n1; i++) remaining += hi[i] - lo[i];
    let below = 0; // entries known to be smaller than the answer
    for (let i = 0; i < n1; i++) below += lo[i];
    if (remaining <= Math.max(64, n1 + n2)) {
      const cand: number[] = [];
      for (let i = 0; i < n1; i++) for (let j = lo[i]; j < hi[i]; j++) cand.push(xs[i] - yd[j]);
      cand.sort((a, b) => a - b);
      return cand[k - below - 1];
    }
    // Uniform random candidate as pivot.
    let r = Math.floor(rng.next() * remaining);
    let pivot = NaN;
    for (let i = 0; i < n1; i++) {
      const w = hi[i] - lo[i];
      if (r < w) {
        pivot = xs[i] - yd[lo[i] + r];
        break;
      }
      r -= w;
    }
    // Per-row counts of entries < pivot and ≤ pivot; both are non-increasing in i.
    let cLt = n2;
    let cLe = n2;
    let totLt = 0;
    let totLe = 0;
    for (let i = 0; i < n1; i++) {
      while (cLt > 0 && xs[i] - yd[cLt - 1] >= pivot) cLt--;
      while (cLe > 0 && xs[i] - yd[cLe - 1] > pivot) cLe--;
      lt[i] = cLt;
      le[i] = cLe;
      totLt += cLt;
      totLe += cLe;
    }
    if (k <= totLt) for (let i = 0; i < n1; i++) hi[i] = Math.min(hi[i], lt[i]);
    else if (k > totLe) for (let i = 0; i < n1; i++) lo[i] = Math.max(lo[i], le[i]);
    else return pivot;
  }
}

export interface HodgesLehmannResult {
  estimate: number;
  lower: number;
  upper: number;
  confLevel: number;
  /** Order-statistic ranks (1-based) used for the CI bounds. */
  rankLower: number;
  rankUpper: number;
}

export function hodgesLehmann(x: ArrayLike<number>, y: ArrayLike<number>, options: { confLevel?: number } = {}): HodgesLehmannResult {
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be in (0,1), got ${confLevel}`);
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError("hodgesLehmann: both samples must be non-empty");
  const xs = sortedCopy(x, false);
  const yd = sortedCopy(y, true);
  const total = n1 * n2;
  const mid = Math.floor((total + 1) / 2);
  const estimate = total % 2 === 1 ? kthSorted(xs, yd, mid) : (kthSorted(xs, yd, mid) + kthSorted(xs, yd, mid + 1)) / 2;

  const all = new Float64Array(n1 + n2);
  all.set(xs);
  all.set(yd, n1);
  const sigma = mannWhitneySigma(n1, n2, averageRanks(all).tieSizes);
  const z = normQuantile(1 - (1 - confLevel) / 2);
  const k = Math.max(1, Math.min(Math.floor(total / 2 + 0.5 - z * sigma), Math.floor((total + 1) / 2)));
  const rankUpper = total - k + 1;
  return { estimate, lower: kthSorted(xs, yd, k), upper: kthSorted(xs, yd, rankUpper), confLevel, rankLower: k, rankUpper };
}
