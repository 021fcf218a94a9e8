/**
 * Paired differences (canary − baseline on the same shadow input) from sufficient
 * statistics {n, sum, sumSq}, which is what the per-minute rollups store, or from arrays.
 *
 * Variance uses (sumSq − sum²/n)/(n − 1), clamped at 0. This textbook formula loses
 * precision when |mean| ≫ sd (catastrophic cancellation); metrics stored as differences
 * are centred near 0, so this is acceptable, but do not feed it raw latencies in ns.
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
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += xs[i];
    sumSq += xs[i] * xs[i];
  }
  return { n: xs.length, sum, sumSq };
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

export function summarize(s: SufficientStats): MeanSummary {
  if (!(s.n >= 1)) return { n: s.n, mean: NaN, sd: NaN, se: NaN };
  const mean = s.sum / s.n;
  const sd = s.n >= 2 ? Math.sqrt(Math.max(0, (s.sumSq - (s.sum * s.sum) / s.n) / (s.n - 1))) : NaN;
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

/** One-sample (paired) t or z test of mean = mu0. 'greater' means mean > mu0. */
export function meanTest(
  s: SufficientStats,
  options: { mu0?: number; alternative?: "two-sided" | "less" | "greater"; method?: "t" | "normal" } = {},
): MeanTest {
  const sum = summarize(s);
  const statistic = (sum.mean - (options.mu0 ?? 0)) / sum.se;
  const df = options.method === "normal" ? Infinity : s.n - 1;
  const cdf = (v: number) => (df === Infinity ? normCdf(v) : tCdf(v, df));
  const sf = (v: number) => (df === Infinity ? normSf(v) : tSf(v, df));
  const alt = options.alternative ?? "two-sided";
  const pValue = alt === "greater" ? sf(statistic) : alt === "less" ? cdf(statistic) : Math.min(1, 2 * sf(Math.abs(statistic)));
  return { ...sum, statistic, df, pValue };
}
