// Testing by betting (Waudby-Smith & Ramdas; Shafer & Vovk). For observations x with known
// lower end `lo` of their support and the null H0: E[x | past] ≤ θ, each bet λ ∈ [0, 1/(θ − lo))
// turns one observation into the factor 1 + λ(x − θ) > 0, whose conditional mean is ≤ 1 under
// H0: products of factors are nonnegative supermartingales. We bet a fixed grid of fractions of
// the largest safe λ and mix the grid with fixed weights, which is again a supermartingale.
// Everything is kept in log space: wealth can reach e^100 within minutes on a clear regression.

/** Fractions of the largest safe bet 1/(θ − lo), largest first. */
export const BET_FRACTIONS: readonly number[] = [0.9, 0.6, 0.4, 0.25, 0.15, 0.08, 0.04, 0.02, 0.01, 0.005];
/** Prior weights of the grid (sum 1): more on large bets, so a clear effect is found in few pairs. */
export const BET_WEIGHTS: readonly number[] = [0.2, 0.15, 0.12, 0.1, 0.1, 0.08, 0.07, 0.06, 0.06, 0.06];
export const GRID = BET_FRACTIONS.length;
const LOG_WEIGHTS = BET_WEIGHTS.map(Math.log);

/** The bets of the grid for null boundary θ and support lower end lo (θ > lo). */
export function bets(theta: number, lo: number): number[] {
  const room = theta - lo;
  if (!(room > 0)) throw new RangeError(`the null boundary ${theta} must lie above the support's lower end ${lo}`);
  return BET_FRACTIONS.map((f) => f / room);
}

/**
 * Σ count·log(1 + λ_j (x − θ)) per bet of the grid, over a batch of observations given as
 * value → count. Observations below `lo` are clamped to it (they can only be better).
 */
export function batchLogFactors(values: ReadonlyMap<number, number>, theta: number, lo: number): Float64Array {
  const lambdas = bets(theta, lo);
  const out = new Float64Array(GRID);
  for (const [raw, count] of values) {
    const d = Math.max(raw, lo) - theta;
    for (let j = 0; j < GRID; j++) out[j] += count * Math.log1p(lambdas[j] * d);
  }
  return out;
}

/** log(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** log Σ_j w_j e^{l_j}: the log of the mixture over the grid. */
export function logMixture(logs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let j = 0; j < GRID; j++) m = Math.max(m, LOG_WEIGHTS[j] + logs[j]);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let j = 0; j < GRID; j++) s += Math.exp(LOG_WEIGHTS[j] + logs[j] - m);
  return m + Math.log(s);
}

/**
 * One detector pair per (cell, check):
 * - anchored: the wealth K_t = Π factors since the epoch began; by Ville's inequality
 *   P(sup_t K_t ≥ 1/a) ≤ a under H0, however often it is read;
 * - change (Shiryaev–Roberts e-detector, Shin, Ramdas & Rinaldo): a fresh bet starts at most once
 *   per second, R ← (1 + R)·factors, so R_t − (starts so far) is a supermartingale under H0 and
 *   P(R reaches A within N starts) ≤ N/A (optional stopping). It forgets healthy history, so a
 *   regression that begins hours into a healthy canary is found as fast as one at the start.
 */
export interface Detectors {
  logK: number[];
  logR: number[];
  starts: number;
  /** The second (epoch ms / 1000, floored) of the last start. */
  lastStart: number;
}

export const newDetectors = (): Detectors => ({ logK: new Array(GRID).fill(0), logR: new Array(GRID).fill(-Infinity), starts: 0, lastStart: -1 });

/** Applies one batch's log factors; a change-detector bet starts if none started this second. */
export function applyBatch(d: Detectors, factors: ArrayLike<number>, nowMs: number): void {
  const second = Math.floor(nowMs / 1000);
  const start = second > d.lastStart;
  if (start) {
    d.starts++;
    d.lastStart = second;
  }
  for (let j = 0; j < GRID; j++) {
    d.logK[j] += factors[j];
    d.logR[j] = (start ? logAddExp(d.logR[j], 0) : d.logR[j]) + factors[j];
  }
}
