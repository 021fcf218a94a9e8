// Testing by betting (Waudby-Smith & Ramdas; Shafer & Vovk). For observations x with known
// lower end `lo` of their support and the null H0: E[x | past] ≤ θ, each bet λ ∈ [0, 1/(θ − lo))
// turns one observation into the factor 1 + λ(x − θ) > 0, whose conditional mean is ≤ 1 under
// H0: products of factors are nonnegative supermartingales. Two kinds of bettor, mixed with
// fixed weights (a mixture of supermartingales is one): a fixed grid of fractions of the largest
// safe λ, and an adaptive bettor whose λ is the growth-optimal bet on the recent observations
// before each batch (predictable), which pays no grid loss once it has learnt the effect.
// Everything is kept in log space: wealth can reach e^100 within minutes on a clear regression.

/** Fractions of the largest safe bet 1/(θ − lo), largest first. */
export const BET_FRACTIONS: readonly number[] = [0.9, 0.6, 0.4, 0.25, 0.15, 0.08, 0.04, 0.02, 0.01, 0.005];
/** Prior weights of the grid (sum 1): more on large bets, so a clear effect is found in few pairs. */
export const BET_WEIGHTS: readonly number[] = [0.2, 0.15, 0.12, 0.1, 0.1, 0.08, 0.07, 0.06, 0.06, 0.06];
export const GRID = BET_FRACTIONS.length;
/** The adaptive bettor's share of the mixture; the grid shares the rest by BET_WEIGHTS. */
export const ADAPTIVE_WEIGHT = 0.6;
/** Mixture components: the grid, then the adaptive bettor. */
export const COMPONENTS = GRID + 1;
const LOG_WEIGHTS = [...BET_WEIGHTS.map((w) => Math.log(w * (1 - ADAPTIVE_WEIGHT))), Math.log(ADAPTIVE_WEIGHT)];

/**
 * What the adaptive bettor learns from: a key's recent observations binned over its support
 * (count and sum per bin), forgetting with a memory of about RECENT_MEMORY observations so that
 * it relearns after a change. Only data from before a batch is used to bet on it.
 */
export interface Recent {
  c: number[];
  s: number[];
  /** The last bet: where the next search starts. */
  lambda: number;
}

export const RECENT_BINS = 32;
export const RECENT_MEMORY = 200;

export const newRecent = (): Recent => ({ c: new Array(RECENT_BINS).fill(0), s: new Array(RECENT_BINS).fill(0), lambda: 0 });

export function addRecent(r: Recent, values: ReadonlyMap<number, number>, lo: number, hi: number): void {
  let n = 0;
  for (const c of values.values()) n += c;
  const keep = Math.exp(-n / RECENT_MEMORY);
  for (let b = 0; b < RECENT_BINS; b++) {
    r.c[b] *= keep;
    r.s[b] *= keep;
  }
  for (const [x, c] of values) {
    const v = Math.min(hi, Math.max(lo, x));
    const b = Math.min(RECENT_BINS - 1, Math.floor(((v - lo) / (hi - lo)) * RECENT_BINS));
    r.c[b] += c;
    r.s[b] += c * v;
  }
}

/**
 * The adaptive bet: the λ in [0, 0.9/(θ − lo)] that maximises Σ log(1 + λ(x − θ)) over the recent
 * observations plus one pseudo-observation at lo (a caution while little is known), by a
 * safeguarded Newton search on the concave objective from the last bet.
 */
export function optimalBet(r: Recent, theta: number, lo: number): number {
  const max = BET_FRACTIONS[0] / (theta - lo);
  const d: number[] = [lo - theta];
  const w: number[] = [1];
  for (let b = 0; b < RECENT_BINS; b++) {
    if (r.c[b] > 1e-9) {
      d.push(r.s[b] / r.c[b] - theta);
      w.push(r.c[b]);
    }
  }
  const grad = (l: number) => {
    let g = 0;
    let h = 0;
    for (let i = 0; i < d.length; i++) {
      const q = 1 + l * d[i];
      g += (w[i] * d[i]) / q;
      h -= (w[i] * d[i] * d[i]) / (q * q);
    }
    return [g, h] as const;
  };
  if (grad(0)[0] <= 0) return (r.lambda = 0);
  if (grad(max)[0] >= 0) return (r.lambda = max);
  // g is decreasing, g(a) > 0 > g(b): Newton steps inside the bracket, else bisection.
  let a = 0;
  let b = max;
  let l = Math.min(max, Math.max(0, r.lambda)) || max / 2;
  for (let it = 0; it < 60; it++) {
    const [g, h] = grad(l);
    if (g === 0) break;
    if (g > 0) a = l;
    else b = l;
    const next = l - g / h;
    const step = next > a && next < b ? next : (a + b) / 2;
    if (Math.abs(step - l) <= 1e-12 * max || b - a <= 1e-12 * max) {
      l = step;
      break;
    }
    l = step;
  }
  return (r.lambda = l);
}

/** The bets of the grid for null boundary θ and support lower end lo (θ > lo). */
export function bets(theta: number, lo: number): number[] {
  const room = theta - lo;
  if (!(room > 0)) throw new RangeError(`the null boundary ${theta} must lie above the support's lower end ${lo}`);
  return BET_FRACTIONS.map((f) => f / room);
}

/**
 * Σ count·log(1 + λ_j (x − θ)) per bet of the grid, then for the adaptive bet, over a batch of
 * observations given as value → count. Observations below `lo` are clamped to it (they can only
 * be better).
 */
export function batchLogFactors(values: ReadonlyMap<number, number>, theta: number, lo: number, adaptive = 0): Float64Array {
  const lambdas = [...bets(theta, lo), adaptive];
  const out = new Float64Array(COMPONENTS);
  for (const [raw, count] of values) {
    const d = Math.max(raw, lo) - theta;
    for (let j = 0; j < COMPONENTS; j++) out[j] += count * Math.log1p(lambdas[j] * d);
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

/** log Σ_j w_j e^{l_j}: the log of the mixture of the bettors (grid, then adaptive). */
export function logMixture(logs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let j = 0; j < COMPONENTS; j++) m = Math.max(m, LOG_WEIGHTS[j] + logs[j]);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let j = 0; j < COMPONENTS; j++) s += Math.exp(LOG_WEIGHTS[j] + logs[j] - m);
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

export const newDetectors = (): Detectors => ({ logK: new Array(COMPONENTS).fill(0), logR: new Array(COMPONENTS).fill(-Infinity), starts: 0, lastStart: -1 });

/** Applies one batch's log factors; a change-detector bet starts if none started this second. */
export function applyBatch(d: Detectors, factors: ArrayLike<number>, nowMs: number): void {
  const second = Math.floor(nowMs / 1000);
  const start = second > d.lastStart;
  if (start) {
    d.starts++;
    d.lastStart = second;
  }
  for (let j = 0; j < COMPONENTS; j++) {
    d.logK[j] += factors[j];
    d.logR[j] = (start ? logAddExp(d.logR[j], 0) : d.logR[j]) + factors[j];
  }
}
