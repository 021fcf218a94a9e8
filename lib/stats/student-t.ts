/**
 * Student t distribution via the regularized incomplete beta:
 * P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2), P(|T| < t) = I_{t²/(ν+t²)}(1/2, ν/2).
 * Both arguments and their logarithms are formed without cancellation or overflow, so the
 * tail keeps relative precision far out (down to the double range). The quantile never forms
 * 1 − p for p < ½: it solves for the upper-tail probability q = min(p, 1 − p) directly.
 */
import { logBeta, logRegularizedBetaXY, regularizedBetaXY } from "./beta";
import { normQuantile } from "./normal";

function checkDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`student t: df must be > 0, got ${df}`);
}

/** x = ν/(ν+t²), y = t²/(ν+t²) and their logs for finite t ≥ 0, with no overflow or cancellation. */
interface BetaArgs {
  x: number;
  y: number;
  lnX: number;
  lnY: number;
}

function betaArgs(t: number, df: number): BetaArgs {
  if (t * t <= df) {
    const w = (t * t) / df; // t²/ν ≤ 1
    const l1 = Math.log1p(w);
    const lnW = w > 1e-300 ? Math.log(w) : 2 * Math.log(t) - Math.log(df);
    return { x: 1 / (1 + w), y: w / (1 + w), lnX: -l1, lnY: lnW - l1 };
  }
  const w = df / t / t; // ν/t² < 1; may underflow for huge t, the logs stay exact
  const l1 = Math.log1p(w);
  const lnW = w > 1e-300 ? Math.log(w) : Math.log(df) - 2 * Math.log(t);
  return { x: w / (1 + w), y: 1 / (1 + w), lnX: lnW - l1, lnY: -l1 };
}

/** ln of the density normalising constant, 1/(√ν·B(ν/2, ½)) = Γ((ν+1)/2)/(Γ(ν/2)·√(νπ)). */
const lnNorm = (df: number): number => -0.5 * Math.log(df) - logBeta(df / 2, 0.5);

/** ln f(t) for t ≥ 0 given its BetaArgs: (ν+1)/2 · ln(ν/(ν+t²)) = (ν+1)/2 · ln x. */
const lnPdfAt = (df: number, g: BetaArgs): number => lnNorm(df) + ((df + 1) / 2) * g.lnX;

export function tPdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.exp(lnPdfAt(df, betaArgs(Math.abs(t), df)));
}

/** P(T > t). */
export function tSf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const g = betaArgs(Math.abs(t), df);
  const half = 0.5 * regularizedBetaXY(g.x, g.y, df / 2, 0.5, g.lnX, g.lnY); // P(T > |t|)
  return t >= 0 ? half : 1 - half;
}

/** P(T ≤ t). */
export function tCdf(t: number, df: number): number {
  return tSf(-t, df);
}

/**
 * t with P(T ≤ t) = p. p = 0 → −∞, p = 1 → +∞, NaN or p ∉ [0, 1] → NaN (df ≤ 0 still throws).
 * By symmetry only the upper-tail probability q = min(p, 1 − p) ∈ (0, ½) is used: for p < ½ it is
 * p itself (so p = 1e-300 is not lost in 1 − p), and for p > ½, 1 − p is exact in floating point.
 */
export function tQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const lower = p < 0.5;
  const t = tUpperQuantile(lower ? p : 1 - p, df);
  return lower ? -t : t;
}

/** t ≥ 0 with P(T > t) = q, 0 < q < ½. */
function tUpperQuantile(q: number, df: number): number {
  if (df === 1) {
    // Cauchy: t = cot(πq); for q ≥ ¼ use tan(π(½ − q)) (½ − q exact) so t → 0 keeps relative precision.
    if (q >= 0.25) return Math.tan(Math.PI * (0.5 - q));
    return q < 1e-8 ? 1 / Math.PI / q - (Math.PI * q) / 3 : 1 / Math.tan(Math.PI * q);
  }
  if (df === 2) return (1 - 2 * q) / (Math.SQRT2 * Math.sqrt(q) * Math.sqrt(1 - q)); // F⁻¹ closed form
  return solveLogNewton(q, df);
}

/**
 * Safeguarded Newton in u = ln t on the log of a probability, bracketed and with geometric
 * bisection as the fallback. For q ≤ ¼ the target is the tail, ln P(T > t) = ln q (log–log is
 * nearly linear for power tails and exact-precision for tiny q); for q > ¼ it is the centre,
 * ln P(0 < T < t) = ln(½ − q) (½ − q exact), which keeps relative precision as t → 0.
 */
function solveLogNewton(q: number, df: number): number {
  const tail = q <= 0.25;
  const lnTarget = Math.log(tail ? q : 0.5 - q);
  // e(t) > 0 ⇔ t is below the root; slope = |d lnF/du| = t·f(t)/F(t), so the Newton step is Δu = e/slope.
  const evaluate = (t: number): { e: number; du: number } => {
    const g = betaArgs(t, df);
    const lnF =
      -Math.LN2 +
      (tail ? logRegularizedBetaXY(g.x, g.y, df / 2, 0.5, g.lnX, g.lnY) : logRegularizedBetaXY(g.y, g.x, 0.5, df / 2, g.lnY, g.lnX));
    const e = tail ? lnF - lnTarget : lnTarget - lnF;
    return { e, du: e / Math.exp(Math.log(t) + lnPdfAt(df, g) - lnF) };
  };

  // Starting points: Cornish–Fisher from the normal quantile, and the power-tail asymptote
  // P(T > t) ≈ (ν/t²)^(ν/2) / (ν·B(ν/2, ½)) solved for t. Keep whichever is closer.
  const z = -normQuantile(q);
  const guesses = [z + (z * z * z + z) / (4 * df)];
  if (tail) guesses.push(Math.exp(0.5 * Math.log(df) - (Math.log(q) + Math.log(df) + logBeta(df / 2, 0.5)) / df));
  let lo = 0;
  let hi = Infinity;
  let t = NaN;
  let cur = { e: NaN, du: NaN };
  for (const g0 of guesses) {
    const t0 = Math.min(Number.MAX_VALUE, g0);
    if (!(t0 > 0)) continue;
    const r = evaluate(t0);
    if (r.e > 0) lo = Math.max(lo, t0);
    else if (r.e < 0) hi = Math.min(hi, t0);
    else return t0;
    if (Number.isNaN(t) || Math.abs(r.e) < Math.abs(cur.e)) [t, cur] = [t0, r];
  }

  if (Number.isNaN(t)) [t, cur] = [1, evaluate(1)];

  for (let i = 0; i < 300; i++) {
    if (cur.e > 0) lo = Math.max(lo, t);
    else if (cur.e < 0) hi = Math.min(hi, t);
    else if (cur.e === 0) return t; // (a NaN residual falls through to bisection)
    if (lo === Number.MAX_VALUE) return Infinity; // P(T > MAX_VALUE) still exceeds q
    let next = Number.isFinite(cur.du) ? t * Math.exp(Math.max(-20, Math.min(20, cur.du))) : NaN;
    const newton = next > lo && next < hi;
    if (!newton) next = hi === Infinity ? lo * 16 : lo === 0 ? hi / 16 : Math.sqrt(lo) * Math.sqrt(hi);
    next = Math.min(next, Number.MAX_VALUE);
    if (newton && Math.abs(cur.du) <= 1e-15) return next;
    if (hi !== Infinity && lo > 0 && hi - lo <= 4e-16 * lo) return next;
    t = next;
    cur = evaluate(t);
  }
  return t;
}
