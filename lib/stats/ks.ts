/**
 * Two-sample Kolmogorov-Smirnov: D = sup_t |F1(t) − F2(t)| and its asymptotic p-value
 * 1 − K(√(n1·n2/(n1+n2)) · D) — the large-sample formula R's ks.test uses with exact = FALSE
 * (no small-sample correction; it is somewhat conservative for small n).
 */
import { checkSameBins } from "./histogram";
import { kolmogorovSf } from "./kolmogorov";

export interface KsResult {
  d: number;
  pValue: number;
  n1: number;
  n2: number;
}

/** D from raw samples; ties (within or across samples) are handled by stepping over equal values together. */
export function ksStatistic(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const a = Float64Array.from(x).sort();
  const b = Float64Array.from(y).sort();
  if (a.length === 0 || b.length === 0) throw new RangeError("ksStatistic: both samples must be non-empty");
  if (Number.isNaN(a[a.length - 1]) || Number.isNaN(b[b.length - 1])) throw new RangeError("ksStatistic: NaN in input");
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const t = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === t) i++;
    while (j < b.length && b[j] === t) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

export function ksPValue(d: number, n1: number, n2: number): number {
  return kolmogorovSf(Math.sqrt((n1 * n2) / (n1 + n2)) * d);
}

export function ksTest(x: ArrayLike<number>, y: ArrayLike<number>): KsResult {
  const d = ksStatistic(x, y);
  return { d, pValue: ksPValue(d, x.length, y.length), n1: x.length, n2: y.length };
}

/**
 * KS from two histograms over the same bins: D is taken over bin boundaries only, so it is
 * ≤ the raw-sample D (binning can only hide differences) and the p-value is correspondingly
 * conservative.
 */
export function ksTestFromCounts(a: readonly number[], b: readonly number[]): KsResult {
  checkSameBins(a, b);
  const n1 = a.reduce((s, c) => s + c, 0);
  const n2 = b.reduce((s, c) => s + c, 0);
  if (n1 === 0 || n2 === 0) throw new RangeError("ksTestFromCounts: a histogram has no observations");
  let ca = 0;
  let cb = 0;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    ca += a[i];
    cb += b[i];
    d = Math.max(d, Math.abs(ca / n1 - cb / n2));
  }
  return { d, pValue: ksPValue(d, n1, n2), n1, n2 };
}
