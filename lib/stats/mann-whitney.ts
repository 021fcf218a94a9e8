/**
 * Mann-Whitney U (Wilcoxon rank-sum) test, normal approximation — the same
 * computation as R's wilcox.test(x, y, exact = FALSE, correct = TRUE):
 * average ranks for ties, tie-corrected variance, continuity correction of 0.5 toward the mean.
 */
import { normCdf, normSf } from "./normal";
import { averageRanks } from "./ranks";

export type Alternative = "two-sided" | "less" | "greater";

export interface MannWhitneyResult {
  /** U for x: #(x_i > y_j) + ½·#(x_i = y_j); equals R's W. */
  u1: number;
  /** U for y = n1·n2 − u1. */
  u2: number;
  z: number;
  pValue: number;
  n1: number;
  n2: number;
}

export interface MannWhitneyOptions {
  /** 'greater': x tends to be larger than y. Default 'two-sided'. */
  alternative?: Alternative;
  /** Continuity correction (default true, as R). */
  correct?: boolean;
}

/** Tie-corrected SD of U under H0. */
export function mannWhitneySigma(n1: number, n2: number, tieSizes: readonly number[]): number {
  const n = n1 + n2;
  let tieSum = 0;
  for (const t of tieSizes) tieSum += t * t * t - t;
  return Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1))));
}

export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>, options: MannWhitneyOptions = {}): MannWhitneyResult {
  const alternative = options.alternative ?? "two-sided";
  const correct = options.correct ?? true;
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError("mannWhitneyU: both samples must be non-empty");
  const all = new Float64Array(n1 + n2);
  for (let i = 0; i < n1; i++) all[i] = x[i];
  for (let j = 0; j < n2; j++) all[n1 + j] = y[j];
  if (all.some((v) => Number.isNaN(v))) throw new RangeError("mannWhitneyU: NaN in input");
  const { ranks, tieSizes } = averageRanks(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const sigma = mannWhitneySigma(n1, n2, tieSizes);
  const d = u1 - (n1 * n2) / 2;
  // All observations tied: no evidence either way.
  if (!(sigma > 0)) return { u1, u2, z: 0, pValue: 1, n1, n2 };
  let cc = 0;
  if (correct) cc = alternative === "two-sided" ? Math.sign(d) * 0.5 : alternative === "greater" ? 0.5 : -0.5;
  const z = (d - cc) / sigma;
  let pValue: number;
  if (alternative === "greater") pValue = normSf(z);
  else if (alternative === "less") pValue = normCdf(z);
  else pValue = Math.min(1, 2 * Math.min(normCdf(z), normSf(z)));
  return { u1, u2, z, pValue, n1, n2 };
}
