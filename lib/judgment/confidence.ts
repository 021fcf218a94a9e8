// Time-uniform confidence sequences for the mean of bounded observations: the predictable
// plug-in empirical-Bernstein CS of Waudby-Smith & Ramdas (2024, Thm 2), built on Howard et al.
// (2021): for X_i ∈ [0, 1], predictable X̂_i ∈ [0, 1] and λ_i ∈ [0, 1),
//   exp( Σ λ_i (X_i − μ) − Σ ψ(λ_i) (X_i − X̂_i)² ),  ψ(λ) = −log(1 − λ) − λ,
// is a nonnegative supermartingale when every conditional mean is μ (Fan et al.'s inequality
// applied to X_i − X̂_i ≥ −1), and its mirror image bounds μ from above. Inverting it gives
//   U_t = (Σ λ_i X_i + Σ ψ(λ_i)(X_i − X̂_i)² + log(1/α)) / Σ λ_i   (and L_t symmetrically),
// valid simultaneously for every t, for any α chosen in advance. Observations arrive in batches;
// λ and X̂ are fixed per batch from what came before (predictable), so only (n, Σx, Σx²) of a
// batch are needed. With time-varying conditional means μ_i, the bounds cover their λ-weighted
// average Σλ_iμ_i / Σλ_i (λ shrinks as n grows, so early observations weigh more); U and L are
// each one-sided at level 1 − α.
export interface ConfidenceState {
  n: number;
  sx: number;
  sxx: number;
  /** Σ λ_i, Σ λ_i X_i, Σ ψ(λ_i)(X_i − X̂_i)², Σ (X_i − X̂_i)². */
  sl: number;
  slx: number;
  spsi: number;
  sv: number;
}

export const newConfidence = (): ConfidenceState => ({ n: 0, sx: 0, sxx: 0, sl: 0, slx: 0, spsi: 0, sv: 0 });

const LAMBDA_MAX = 0.75;
/** log(1/α) the bets are tuned for; the bounds stay valid at any α. */
const TUNE = 6;

const psi = (l: number) => -Math.log1p(-l) - l;

/** Adds a batch given by its count, Σx and Σx² (x already rescaled to [0, 1]). */
export function addBatch(s: ConfidenceState, n: number, sx: number, sxx: number): void {
  if (n <= 0) return;
  const mean = (0.5 + s.sx) / (s.n + 1);
  const variance = (0.25 + s.sv) / (s.n + 1);
  // Tuned for the end of the batch: a large first batch (a replay) gets a small bet.
  const t = s.n + n;
  const lambda = Math.min(LAMBDA_MAX, Math.sqrt((2 * TUNE) / (variance * t * Math.log1p(t))));
  const v = Math.max(0, sxx - 2 * mean * sx + n * mean * mean);
  s.sl += lambda * n;
  s.slx += lambda * sx;
  s.spsi += psi(lambda) * v;
  s.sv += v;
  s.n += n;
  s.sx += sx;
  s.sxx += sxx;
}

/** Upper confidence bound of the mean (rescaled units), level 1 − α, time-uniform. */
export function upperBound(s: ConfidenceState, alpha: number): number {
  if (s.sl <= 0) return 1;
  return Math.min(1, (s.slx + s.spsi - Math.log(alpha)) / s.sl);
}

/** Lower confidence bound of the mean (rescaled units), level 1 − α, time-uniform. */
export function lowerBound(s: ConfidenceState, alpha: number): number {
  if (s.sl <= 0) return 0;
  return Math.max(0, (s.slx - s.spsi + Math.log(alpha)) / s.sl);
}

/** Maps [lo, hi] onto [0, 1] and back. */
export interface Range {
  lo: number;
  hi: number;
}
export const toUnit = (r: Range, x: number): number => (Math.min(Math.max(x, r.lo), r.hi) - r.lo) / (r.hi - r.lo);
export const fromUnit = (r: Range, u: number): number => r.lo + u * (r.hi - r.lo);

/** Adds raw observations given as value → count, rescaled by `r`. */
export function addValues(s: ConfidenceState, r: Range, values: ReadonlyMap<number, number>): void {
  let n = 0;
  let sx = 0;
  let sxx = 0;
  for (const [x, c] of values) {
    const u = toUnit(r, x);
    n += c;
    sx += c * u;
    sxx += c * u * u;
  }
  addBatch(s, n, sx, sxx);
}

/** The width the upper bound would have after n observations of variance v (unit scale): for ETAs. */
export function projectedRadius(n: number, variance: number, alpha: number): number {
  if (n <= 0) return Infinity;
  const lambda = Math.min(LAMBDA_MAX, Math.sqrt((2 * TUNE) / (Math.max(variance, 1e-6) * n * Math.log1p(n))));
  return (psi(lambda) * variance * n - Math.log(alpha)) / (lambda * n);
}
