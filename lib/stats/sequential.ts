/**
 * Always-valid inference for continuously monitored comparisons (peek as often as you like).
 *
 * Model: increments X_1, X_2, … (a paired difference, or one observation of a mean) are
 * σ²-sub-Gaussian around θ; S_n = Σ(X_i − θ), intrinsic time V_n = σ²·n. For λ ~ N(0, 1/ρ)
 * the mixture of exp(λS_n − λ²V_n/2) is the nonnegative supermartingale
 *   M_n = √(ρ/(V_n+ρ)) · exp(S_n² / (2(V_n+ρ)))
 * and Ville's inequality gives P(∃n: M_n ≥ 1/α) ≤ α. M_n < 1/α is exactly
 *   |S_n| < √((V_n+ρ) · ln((V_n+ρ)/(ρα²)))         (Howard et al. 2021, two-sided normal mixture)
 * α handling: the mixing distribution covers λ < 0 and λ > 0, so this single boundary is already
 * TWO-SIDED with total error α — do not halve α (α/2 would only make it conservative).
 *
 * Validity: exact for bounded data with the bound σ² = (b−a)²/4 (Hoeffding), and for Gaussian
 * data with known σ². With a plug-in variance estimate it is an asymptotic confidence sequence
 * (Waudby-Smith et al. 2021) — use a burn-in of a few dozen observations.
 *
 * The mSPRT of Johari et al. (2017/2022) is the same martingale parameterised by the prior
 * variance τ² of the effect: ρ = σ⁴/τ², and
 *   Λ_n = √(σ²/(σ²+nτ²)) · exp(n²τ²θ̂² / (2σ²(σ²+nτ²))),   p_n = min(p_{n−1}, 1/Λ_n).
 * Hence 0 ∉ CS_n(ρ) ⇔ Λ_n(τ²) ≥ 1/α: the p-value and the interval always agree.
 */
import { summarize, type SufficientStats } from "./paired";

/** n increments (may be an effective, non-integer count) with mean `estimate` and per-increment variance proxy `sigma2`. */
export interface MixtureInput {
  n: number;
  estimate: number;
  sigma2: number;
}

export interface ArmSummary {
  n: number;
  mean: number;
  /** Per-observation variance (proxy or estimate). */
  sigma2: number;
}

export interface ConfidenceSequence {
  estimate: number;
  lower: number;
  upper: number;
  radius: number;
  n: number;
}

export interface SequentialOptions {
  alpha?: number;
  /** Mixture precision in intrinsic-time units (σ²·n). Default: optimal for n = 1000 at the input's σ². */
  rho?: number;
}

const DEFAULT_TARGET_N = 1000;

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0,1), got ${alpha}`);
}

/**
 * Bound on |S_n − nθ| that holds for all n simultaneously with probability ≥ 1 − α.
 * The logarithm is split as ln((v+ρ)/(ρα²)) = log1p(v/ρ) − 2·ln α: forming ρ·α² directly
 * underflows for α < ~1e-154 (α² < 1e-308) and the boundary became +∞.
 */
export function normalMixtureBoundary(v: number, rho: number, alpha: number): number {
  checkAlpha(alpha);
  if (!(rho > 0) || !(v >= 0)) throw new RangeError(`need rho > 0, v ≥ 0 (rho=${rho}, v=${v})`);
  return Math.sqrt((v + rho) * (Math.log1p(v / rho) - 2 * Math.log(alpha)));
}

/**
 * ρ that makes the boundary tightest at intrinsic time v = targetV (= σ²·n_target).
 * Setting d/dρ of (v+ρ)·ln((v+ρ)/(ρα²)) to 0 with r = ρ/v gives
 * 1/r = ln(1/α²) + ln(1 + 1/r), solved here by fixed-point iteration (Howard et al. 2021 §3.5
 * quote the one-step approximation r ≈ 1/(2 ln(1/α) + ln(1 + 2 ln(1/α)))).
 */
export function optimalRho(targetV: number, alpha: number): number {
  checkAlpha(alpha);
  if (!(targetV > 0)) throw new RangeError(`targetV must be > 0, got ${targetV}`);
  const l = -2 * Math.log(alpha);
  let inv = l;
  for (let i = 0; i < 100; i++) {
    const next = l + Math.log1p(inv);
    if (Math.abs(next - inv) < 1e-14 * next) break;
    inv = next;
  }
  return targetV / inv;
}

export const rhoForSampleSize = (nTarget: number, sigma2: number, alpha: number): number => optimalRho(nTarget * sigma2, alpha);
export const tau2FromRho = (rho: number, sigma2: number): number => (sigma2 * sigma2) / rho;
export const rhoFromTau2 = (tau2: number, sigma2: number): number => (sigma2 * sigma2) / tau2;

function checkInput(input: MixtureInput): void {
  if (!(input.n > 0)) throw new RangeError(`n must be > 0, got ${input.n}`);
  if (!(input.sigma2 > 0)) throw new RangeError(`sigma2 must be > 0, got ${input.sigma2}`);
}

/** Time-uniform (1 − α) interval for θ, the mean of the increments. */
export function confidenceSequence(input: MixtureInput, options: SequentialOptions = {}): ConfidenceSequence {
  checkInput(input);
  const alpha = options.alpha ?? 0.05;
  const rho = options.rho ?? rhoForSampleSize(DEFAULT_TARGET_N, input.sigma2, alpha);
  const radius = normalMixtureBoundary(input.sigma2 * input.n, rho, alpha) / input.n;
  return { estimate: input.estimate, lower: input.estimate - radius, upper: input.estimate + radius, radius, n: input.n };
}

/**
 * From rollup sums. `sigma2` is a known variance bound (e.g. (b−a)²/4 for values in [a,b]);
 * without it the sample variance is plugged in (asymptotic validity only).
 */
export function meanConfidenceSequence(stats: SufficientStats, options: SequentialOptions & { sigma2?: number } = {}): ConfidenceSequence {
  const s = summarize(stats);
  const sigma2 = options.sigma2 ?? s.sd * s.sd;
  return confidenceSequence({ n: stats.n, estimate: s.mean, sigma2 }, options);
}

/**
 * Difference of means of two independent arms (arm1 − arm2). Sub-Gaussian proxies add, and the
 * pair count is the effective n with σ²/n = σ1²/n1 + σ2²/n2: exact when n1 = n2 (mirrored
 * shadow traffic), an approximation under unequal allocation.
 */
export function twoArmInput(arm1: ArmSummary, arm2: ArmSummary): MixtureInput {
  const sigma2 = arm1.sigma2 + arm2.sigma2;
  const v = arm1.sigma2 / arm1.n + arm2.sigma2 / arm2.n;
  return { n: sigma2 / v, estimate: arm1.mean - arm2.mean, sigma2 };
}

export function differenceConfidenceSequence(arm1: ArmSummary, arm2: ArmSummary, options: SequentialOptions = {}): ConfidenceSequence {
  return confidenceSequence(twoArmInput(arm1, arm2), options);
}

/** p1 − p2 for two independent binomial arms, using the exact Bernoulli bound σ² = 1/4 per arm. */
export function proportionDifferenceConfidenceSequence(x1: number, n1: number, x2: number, n2: number, options: SequentialOptions = {}): ConfidenceSequence {
  return differenceConfidenceSequence({ n: n1, mean: x1 / n1, sigma2: 0.25 }, { n: n2, mean: x2 / n2, sigma2: 0.25 }, options);
}

/** ln Λ_n for H0: θ = theta0 with a N(theta0, τ²) mixture over the alternative. */
export function mixtureLogLikelihoodRatio(input: MixtureInput, tau2: number, theta0 = 0): number {
  checkInput(input);
  if (!(tau2 > 0)) throw new RangeError(`tau2 must be > 0, got ${tau2}`);
  const { n, sigma2 } = input;
  const d = input.estimate - theta0;
  const denom = sigma2 + n * tau2;
  return 0.5 * Math.log(sigma2 / denom) + (n * n * tau2 * d * d) / (2 * sigma2 * denom);
}

/**
 * Always-valid p-value update p_n = min(p_{n−1}, 1/Λ_n). Keep the previous value per
 * comparison and pass it back in (start at 1); rejecting when p ≤ α controls the
 * type-I error at α however often it is re-checked.
 */
export function alwaysValidPValue(input: MixtureInput, options: { tau2: number; previousP?: number; theta0?: number }): number {
  const prev = options.previousP ?? 1;
  const lr = mixtureLogLikelihoodRatio(input, options.tau2, options.theta0 ?? 0);
  return Math.min(prev, 1, Math.exp(-lr));
}
