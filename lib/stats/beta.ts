/**
 * Regularized incomplete beta I_x(a, b) by the Lentz continued fraction
 * (Numerical Recipes §6.4), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) so the
 * fraction is always evaluated where it converges fast.
 */
import { logGamma, regularizedGammaQ } from "./gamma";

const EPS = 1e-16;
const FPMIN = 1e-300;
const MAX_ITER = 10_000;

const LN_SQRT_2PI = 0.9189385332046727;

/**
 * Stirling-series remainder δ(x) = lnΓ(x) − [(x − ½)·ln x − x + ln√(2π)]
 * = Σ B_2k / (2k(2k−1)·x^(2k−1)), k = 1…8. For x ≥ 10 the first omitted term is < 2e-18.
 */
function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  return (
    (1 / 12 +
      r * (-1 / 360 + r * (1 / 1260 + r * (-1 / 1680 + r * (1 / 1188 + r * (-691 / 360360 + r * (1 / 156 + r * (-3617 / 122400)))))))) /
    x
  );
}

/**
 * ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a+b).
 *
 * Subtracting the three log-gammas directly loses |lnΓ(a+b)|·ε absolutely, which is ~1e-6 at
 * a + b ≈ 1e9 (the t distribution needs B(ν/2, ½) at huge ν). When an argument is ≥ 10 the
 * leading Stirling terms are combined analytically instead (the scheme of R's lbeta / TOMS 708),
 * so only small, well-conditioned quantities are added: with p = min(a,b), q = max(a,b),
 *   p, q ≥ 10:  −½ln q + ln√(2π) + δ(p) + δ(q) − δ(p+q) + (p−½)·ln(p/(p+q)) + q·log1p(−p/(p+q))
 *   q ≥ 10 > p: lnΓ(p) + δ(q) − δ(p+q) + p − p·ln(p+q) + (q−½)·log1p(−p/(p+q))
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Q(b, z) / r with r = e^(−z)·z^b / Γ(b): the scaled upper incomplete gamma (continued fraction
 * of Numerical Recipes §6.2 for z ≥ b + 1, where the scale cancels exactly; series otherwise).
 */
function scaledGammaQ(b: number, z: number): number {
  if (z < b + 1) return regularizedGammaQ(b, z) / Math.exp(-z + b * Math.log(z) - logGamma(b));
  let bb = z + 1 - b;
  let c = 1 / FPMIN;
  let d = 1 / bb;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - b);
    bb += 2;
    d = an * d + bb;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = bb + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * I_x(a, b) = U·Σ, for a ≥ 15, b ≤ 1 and x not small, by the asymptotic expansion of
 * DiDonato & Morris (1992, ACM TOMS 708, §9 "BGRAT") in incomplete gamma functions of
 * z = −(a + (b−1)/2)·ln x. Returned as [ln U, Σ], or null if the expansion fails. The Lentz fraction is slow and loses ~√a·ε
 * relative precision there (I_{ν/(ν+t²)}(ν/2, ½) at ν = 1e6 was off by 4e-11).
 * ln U = −z + b·ln(z/ν) − ln B(a, b) (the Γ(b) of D&M's r cancels against Γ(a+b)/Γ(a)).
 */
function bgrat(a: number, b: number, lnX: number): [number, number] | null {
  const bm1 = b - 1;
  const nu = a + 0.5 * bm1;
  const z = -nu * lnX;
  if (!(z > 0)) return [0, 1]; // x = 1
  const lnU = -z + b * Math.log(-lnX) - logBeta(a, b);
  const v = 0.25 / (nu * nu);
  const t2 = 0.25 * lnX * lnX;
  const c: number[] = [];
  const dd: number[] = [];
  let j = scaledGammaQ(b, z);
  let sum = j;
  let t = 1;
  let cn = 1;
  let n2 = 0;
  for (let n = 1; n <= 30; n++) {
    const bp2n = b + n2;
    j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v;
    n2 += 2;
    t *= t2;
    cn /= n2 * (n2 + 1);
    c[n - 1] = cn;
    let s = 0;
    let coef = b - n;
    for (let i = 1; i < n; i++) {
      s += coef * c[i - 1] * dd[n - 1 - i];
      coef += b;
    }
    dd[n - 1] = bm1 * cn + s / n;
    const dj = dd[n - 1] * j;
    sum += dj;
    if (!(sum > 0)) return null; // expansion unusable (D&M's ierr = 3): caller falls back
    if (Math.abs(dj) <= 1e-16 * sum) break;
  }
  return [lnU, sum];
}

/** Where the BGRAT expansion replaces the continued fraction: one parameter ≥ 15, the other ≤ 1, its x ≥ 0.7. */
const BGRAT_MIN_LARGE = 15;
const BGRAT_MIN_X = 0.7;

/**
 * The two pieces of I_x(a, b): `direct` ⇒ I = e^lnFront·factor, otherwise I = 1 − e^lnFront·factor.
 * Continued fraction: lnFront = a·ln x + b·ln(1−x) − ln B(a,b), factor = CF/a (or CF/b mirrored).
 */
function betaTerms(x: number, y: number, a: number, b: number, lnX: number, lnY: number): { direct: boolean; lnFront: number; factor: number } {
  if (a >= BGRAT_MIN_LARGE && b <= 1 && x >= BGRAT_MIN_X) {
    const r = bgrat(a, b, lnX);
    if (r) return { direct: true, lnFront: r[0], factor: r[1] };
  }
  const cfDirect = x < (a + 1) / (a + b + 2);
  // Mirrored (complement) use only above the fraction's threshold, where I itself is not small.
  if (b >= BGRAT_MIN_LARGE && a <= 1 && y >= BGRAT_MIN_X && !cfDirect) {
    const r = bgrat(b, a, lnY);
    if (r) return { direct: false, lnFront: r[0], factor: r[1] };
  }
  const lnFront = a * lnX + b * lnY - logBeta(a, b);
  if (cfDirect) return { direct: true, lnFront, factor: betaContinuedFraction(a, b, x) / a };
  return { direct: false, lnFront, factor: betaContinuedFraction(b, a, y) / b };
}

function checkBetaArgs(a: number, b: number): void {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`regularizedBeta: need a, b > 0 (a=${a}, b=${b})`);
}

/** I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  checkBetaArgs(a, b);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta: x must be in [0,1], got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  return regularizedBetaXY(x, 1 - x, a, b);
}

/**
 * I_x(a, b) with x and y = 1 − x passed separately (and optionally ln x, ln y), for callers that
 * know 1 − x or the logarithms more accurately than they can be recomputed from a rounded x
 * (e.g. x = ν/(ν+t²) in the t distribution, where ln x = −log1p(t²/ν) and x may underflow).
 * No argument checks: x, y ∈ [0, 1], x + y = 1, a, b > 0 are the caller's responsibility.
 */
export function regularizedBetaXY(x: number, y: number, a: number, b: number, lnX = defaultLog(x, y), lnY = defaultLog(y, x)): number {
  const { direct, lnFront, factor } = betaTerms(x, y, a, b, lnX, lnY);
  const v = Math.exp(lnFront) * factor;
  return direct ? v : 1 - v;
}

/** ln I_x(a, b), same arguments as regularizedBetaXY; keeps relative accuracy where I is below the double range. */
export function logRegularizedBetaXY(x: number, y: number, a: number, b: number, lnX = defaultLog(x, y), lnY = defaultLog(y, x)): number {
  const { direct, lnFront, factor } = betaTerms(x, y, a, b, lnX, lnY);
  return direct ? lnFront + Math.log(factor) : Math.log1p(-Math.exp(lnFront) * factor);
}

/** ln u for u = 1 − w, from whichever of u, w carries it more accurately. */
const defaultLog = (u: number, w: number): number => (u <= 0.5 ? Math.log(u) : Math.log1p(-w));
