/**
 * Student t distribution via the regularized incomplete beta:
 * P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2). The quantile is found by safeguarded Newton
 * (bisection fallback) on the upper tail, so small ν and extreme p are handled.
 */
import { regularizedBeta } from "./beta";
import { logGamma } from "./gamma";
import { normQuantile } from "./normal";

function checkDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`student t: df must be > 0, got ${df}`);
}

export function tPdf(t: number, df: number): number {
  checkDf(df);
  const lnC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lnC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(T > t). */
export function tSf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const x = df / (df + t * t);
  const half = 0.5 * regularizedBeta(x, df / 2, 0.5); // P(T > |t|)
  return t >= 0 ? half : 1 - half;
}

/** P(T ≤ t). */
export function tCdf(t: number, df: number): number {
  return tSf(-t, df);
}

/** t with P(T ≤ t) = p. */
export function tQuantile(p: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(p) || p < 0 || p > 1) throw new RangeError(`tQuantile: p must be in [0,1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  const q = 1 - p; // target upper tail, in (0, 0.5)
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  // Bracket [lo, hi] with tSf(lo) > q > tSf(hi).
  let lo = 0;
  let hi = Math.max(1, normQuantile(p));
  while (tSf(hi, df) > q) {
    lo = hi;
    hi *= 2;
  }
  let x = 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const f = tSf(x, df) - q; // decreasing in x
    if (f > 0) lo = x;
    else hi = x;
    let next = x + f / tPdf(x, df); // Newton: f' = −pdf
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x)) || hi - lo <= 1e-15 * hi) return next;
    x = next;
  }
  return x;
}
