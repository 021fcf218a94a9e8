// Interval and p-value for a degradation D = mean(worse) − mean(better), fixed-n or always-valid.
import {
  alwaysValidPValue,
  confidenceSequence,
  normQuantile,
  normSf,
  rhoForSampleSize,
  tau2FromRho,
  type MixtureInput,
} from "@/lib/stats";

/** A group mean; n = Infinity for a known constant (a fixed reference). */
export interface Group {
  n: number;
  mean: number;
  /** Per-observation variance (estimate); floored so a constant sample still has an interval. */
  variance: number;
}

export interface Evidence {
  estimate: number;
  lower: number;
  upper: number;
  /** One-sided evidence against H0: D ≤ allowed. */
  pValue: number;
  method: string;
}

export interface EvidenceOptions {
  confidence: number;
  sequential: boolean;
  allowed: number;
  /** Fixed-n only: a better interval than Wald (e.g. Newcombe for proportions). */
  fixedInterval?: { lower: number; upper: number };
}

// The mixture is tuned for ~1000 observations per side: tight enough where decisions are made.
const TARGET_N = 1000;
const VAR_FLOOR = 1e-12;

const sideVar = (g: Group) => (Number.isFinite(g.n) ? Math.max(g.variance, VAR_FLOOR) / g.n : 0);

export function differenceEvidence(worse: Group, better: Group, o: EvidenceOptions): Evidence {
  const estimate = worse.mean - better.mean;
  const v = sideVar(worse) + sideVar(better);
  const alpha = 1 - o.confidence;
  if (o.sequential) {
    // Effective n with σ²/n = v (see twoArmInput in lib/stats/sequential.ts); plug-in σ²,
    // so the sequence is asymptotically valid (fine above min_samples).
    const sigma2 =
      (Number.isFinite(worse.n) ? Math.max(worse.variance, VAR_FLOOR) : 0) +
      (Number.isFinite(better.n) ? Math.max(better.variance, VAR_FLOOR) : 0);
    const input: MixtureInput = { n: sigma2 / v, estimate, sigma2 };
    const rho = rhoForSampleSize(TARGET_N, sigma2, alpha);
    const cs = confidenceSequence(input, { alpha, rho });
    const p = estimate <= o.allowed ? 1 : alwaysValidPValue(input, { tau2: tau2FromRho(rho, sigma2), theta0: o.allowed });
    return { estimate, lower: cs.lower, upper: cs.upper, pValue: p, method: "always-valid" };
  }
  const se = Math.sqrt(v);
  const z = normQuantile(1 - alpha / 2);
  const lower = o.fixedInterval?.lower ?? estimate - z * se;
  const upper = o.fixedInterval?.upper ?? estimate + z * se;
  return { estimate, lower, upper, pValue: normSf((estimate - o.allowed) / se), method: "fixed-n" };
}

/** Bernoulli variance with a half-count added so 0/n and n/n still have spread. */
export function proportionGroup(x: number, n: number): Group {
  const pt = (x + 0.5) / (n + 1);
  return { n, mean: n > 0 ? x / n : NaN, variance: pt * (1 - pt) };
}

/** Mean and sample variance from sufficient statistics. */
export function meanGroup(n: number, sum: number, sumSq: number): Group {
  const mean = n > 0 ? sum / n : NaN;
  const variance = n > 1 ? Math.max(0, (sumSq - (sum * sum) / n) / (n - 1)) : 0;
  return { n, mean, variance };
}

export const constantGroup = (mean: number): Group => ({ n: Infinity, mean, variance: 0 });

/** One-sided p-value from an interval assumed roughly normal (used for sample-based latency intervals). */
export function pFromInterval(estimate: number, lower: number, upper: number, confidence: number, allowed: number): number {
  const z = normQuantile(1 - (1 - confidence) / 2);
  const se = (upper - lower) / (2 * z);
  if (!(se > 0) || !Number.isFinite(se)) return estimate > allowed ? 0 : 1;
  return normSf((estimate - allowed) / se);
}
