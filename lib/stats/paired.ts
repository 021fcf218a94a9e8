/**
 * Paired differences (canary − baseline on the same shadow input) from sufficient
 * statistics {n, sum, sumSq}, which is what the per-minute rollups store, or from arrays.
 *
 * Variance uses (sumSq − sum²/n)/(n − 1). From {n, sum, sumSq} alone this cancels when
 * |mean| ≫ sd, so a centred sum of squares within a few ulps of sumSq (≤ 4ε·sumSq, i.e.
 * sd/|mean| ≲ 3e-8) is below the floating-point resolution of the stored sums and is taken as
 * exactly 0. From arrays, `sufficientStats` computes the sums two-pass (compensated mean, then
 * the centred sum of squares) and stores sumSq = M2 + sum²/n, so a constant array gives
 * exactly zero variance. Rollups summed naively in another system keep their own rounding
 * error: metrics stored as differences are centred near 0, so this is acceptable, but do not
 * feed it raw latencies in ns.
 */
import { normCdf, normQuantile, normSf } from "./normal";
import { tCdf, tQuantile, tSf } from "./student-t";

export interface SufficientStats {
  n: number;
  sum: number;
  sumSq: number;
}

export interface MeanSummary {
  n: number;
  mean: number;
  /** Sample SD (n − 1 denominator); NaN when n < 2. */
  sd: number;
  /** sd / √n. */
  se: number;
}

export interface MeanInterval extends MeanSummary {
  lower: number;
  upper: number;
  confLevel: number;
  /** n − 1 for the t method, Infinity for the normal method. */
  df: number;
}

export interface MeanTest extends MeanSummary {
  statistic: number;
  df: number;
  pValue: number;
}

export const emptyStats = (): SufficientStats => ({ n: 0, sum: 0, sumSq: 0 });

export function sufficientStats(xs: ArrayLike<number>): SufficientStats {
  const n = xs.length;
  if (n === 0) return emptyStats();
  // Pass 1: Neumaier-compensated sum, so the mean of a constant array is that constant.
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  sum += comp;
  const mean = sum / n;
  // Pass 2: centred sum of squares with the Chan–Golub–LeVeque correction Σd² − (Σd)²/n.
  let ss = 0;
  let sd = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    ss += d * d;
    sd += d;
  }
  const m2 = Math.max(0, ss - (sd * sd) / n);
  // Stored as Σx² = M2 + sum²/n, evaluated exactly as `summarize` undoes it: M2 = 0 round-trips to 0.
  return { n, sum, sumSq: m2 + (sum * sum) / n };
}

/** Per-pair differences a_i − b_i as sufficient statistics. */
export function pairedDifferenceStats(a: ArrayLike<number>, b: ArrayLike<number>): SufficientStats {
  if (a.length !== b.length) throw new RangeError(`paired arrays differ in length (${a.length} vs ${b.length})`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i] - b[i];
  return sufficientStats(d);
}

/** Combine rollups (e.g. per-minute rows) into one. */
export function mergeStats(...parts: readonly SufficientStats[]): SufficientStats {
  const out = emptyStats();
  for (const p of parts) {
    out.n += p.n;
    out.sum += p.sum;
    out.sumSq += p.sumSq;
  }
  return out;
}

/** Centred sum of squares below this is indistinguishable from rounding in sumSq − sum²/n. */
const centredFloor = (s: SufficientStats): number => 4 * Number.EPSILON * Math.abs(s.sumSq);

/** Bound on the rounding error of sum/n for a recursively summed rollup: n·u·√(sumSq/n) (u = ε/2). */
const meanRoundingBound = (s: SufficientStats): number => s.n * (Number.EPSILON / 2) * Math.sqrt(Math.abs(s.sumSq) / s.n);

export function summarize(s: SufficientStats): MeanSummary {
  if (!(s.n >= 1)) return { n: s.n, mean: NaN, sd: NaN, se: NaN };
  const mean = s.sum / s.n;
  let sd = NaN;
  if (s.n >= 2) {
    const css = s.sumSq - (s.sum * s.sum) / s.n;
    // css ≤ floor (including a negative rounding result) is zero variance; NaN/∞ inputs propagate.
    sd = css <= centredFloor(s) && Number.isFinite(s.sumSq) ? 0 : Math.sqrt(Math.max(0, css) / (s.n - 1));
  }
  return { n: s.n, mean, sd, se: sd / Math.sqrt(s.n) };
}

/** Two-sided interval for the mean: Student t with n − 1 df (default) or normal. */
export function meanInterval(s: SufficientStats, options: { confLevel?: number; method?: "t" | "normal" } = {}): MeanInterval {
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be in (0,1), got ${confLevel}`);
  const sum = summarize(s);
  const df = options.method === "normal" ? Infinity : s.n - 1;
  const p = 1 - (1 - confLevel) / 2;
  const crit = df === Infinity ? normQuantile(p) : df >= 1 ? tQuantile(p, df) : NaN;
  return { ...sum, lower: sum.mean - crit * sum.se, upper: sum.mean + crit * sum.se, confLevel, df };
}

/**
 * One-sample (paired) t or z test of mean = mu0. 'greater' means mean > mu0.
 *
 * Zero observed variance (sd === 0, e.g. a constant sample or identical pairs) makes t = d/se
 * undefined, and the naive limits (p = 0, or NaN for 0/0) claim more than the data can support:
 * the stored sums cannot tell "no spread" from a spread hidden in their rounding. In that case the
 * test uses the least significant statistic consistent with that rounding: the standard error is
 * taken as the largest one indistinguishable from 0, √(4ε·sumSq/(n−1)/n), and |mean − mu0| is
 * reduced by the rounding bound of the mean. So a sample equal to mu0 (including all-zero paired
 * differences) gives t = 0, p = 1 (two-sided) and 0.5 (one-sided); a constant sample away from
 * mu0 gives a tiny but non-zero p (it underflows to 0 only for large n). Only when the sums
 * are exactly zero (sumSq = 0, so no spread can hide) and mean ≠ mu0 is t = ±∞, the exact limit.
 */
export function meanTest(
  s: SufficientStats,
  options: { mu0?: number; alternative?: "two-sided" | "less" | "greater"; method?: "t" | "normal" } = {},
): MeanTest {
  const sum = summarize(s);
  const d = sum.mean - (options.mu0 ?? 0);
  let statistic = d / sum.se;
  if (sum.sd === 0) {
    const dEff = Math.sign(d) * Math.max(0, Math.abs(d) - meanRoundingBound(s));
    const seRes = Math.sqrt(centredFloor(s) / (s.n - 1) / s.n);
    statistic = dEff === 0 ? 0 : dEff / seRes; // seRes = 0 only for all-zero sums: exact ±∞ limit
  }
  const df = options.method === "normal" ? Infinity : s.n - 1;
  const cdf = (v: number) => (df === Infinity ? normCdf(v) : tCdf(v, df));
  const sf = (v: number) => (df === Infinity ? normSf(v) : tSf(v, df));
  const alt = options.alternative ?? "two-sided";
  const pValue = alt === "greater" ? sf(statistic) : alt === "less" ? cdf(statistic) : Math.min(1, 2 * sf(Math.abs(statistic)));
  return { ...sum, statistic, df, pValue };
}
