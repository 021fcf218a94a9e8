/**
 * Standard normal distribution.
 * normCdf uses erfc(z) = Q(1/2, z²) (regularized upper incomplete gamma), which keeps
 * full relative precision in the tails. normQuantile starts from Acklam's rational
 * approximation (rel. error ~1e-9) and polishes it with Halley steps on normCdf, giving
 * ~1e-15 accuracy.
 */
import { regularizedGammaP, regularizedGammaQ } from "./gamma";

const LN_SQRT_PI = 0.5723649429247001; // ln Γ(1/2), exact to double precision
const SQRT_2PI = 2.5066282746310002;

export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** P(Z ≤ x). */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const h = 0.5 * x * x;
  if (x < 0) return 0.5 * regularizedGammaQ(0.5, h, LN_SQRT_PI);
  return 0.5 + 0.5 * regularizedGammaP(0.5, h, LN_SQRT_PI);
}

/** P(Z > x), accurate in the upper tail (no 1 − cdf cancellation). */
export function normSf(x: number): number {
  return normCdf(-x);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    return p < P_LOW ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** Inverse of normCdf: x with P(Z ≤ x) = p. Returns ∓Infinity at p = 0 / 1. */
export function normQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) throw new RangeError(`normQuantile: p must be in [0,1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Work in the lower tail so the residual is computed without cancellation.
  if (p > 0.5) return -normQuantile(1 - p);
  let x = acklam(p);
  for (let i = 0; i < 3; i++) {
    const e = normCdf(x) - p;
    const u = e / normPdf(x);
    const step = u / (1 + (x * u) / 2); // Halley
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
