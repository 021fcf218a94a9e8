import { describe, expect, it } from "vitest";
import {
  ADAPTIVE_WEIGHT,
  BET_FRACTIONS,
  BET_WEIGHTS,
  COMPONENTS,
  GRID,
  RECENT_BINS,
  RECENT_MEMORY,
  addRecent,
  applyBatch,
  batchLogFactors,
  bets,
  logAddExp,
  logMixture,
  newDetectors,
  newRecent,
  optimalBet,
  type Detectors,
  type Recent,
} from "@/lib/judgment/betting";
import { createRng, type Rng } from "@/lib/stats/prng";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const relClose = (got: number, want: number, rel: number) => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(want)));
};

/** Random batch size 1..20. */
const batchSize = (rng: Rng) => 1 + Math.floor(rng.next() * 20);

/** A batch of Bernoulli(p) observations as value → count. */
function bernoulliBatch(rng: Rng, p: number, size: number): Map<number, number> {
  let ones = 0;
  for (let i = 0; i < size; i++) if (rng.next() < p) ones++;
  const m = new Map<number, number>();
  if (size - ones) m.set(0, size - ones);
  if (ones) m.set(1, ones);
  return m;
}

/** A batch of Uniform[lo, hi] observations as value → count. */
function uniformBatch(rng: Rng, lo: number, hi: number, size: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < size; i++) {
    const x = lo + (hi - lo) * rng.next();
    m.set(x, (m.get(x) ?? 0) + 1);
  }
  return m;
}

/** One sequence's adaptive bettor: its histogram, and the observations seen so far. */
interface Seq {
  recent: Recent;
  n: number;
}
const newSeq = (): Seq => ({ recent: newRecent(), n: 0 });

/**
 * Applies one batch the way the judgment step does (lib/judgment/step.ts): the adaptive λ is
 * fixed from the histogram BEFORE the batch (predictable), the batch is judged with it, and only
 * then is the batch added to the histogram over the support [lo, hi]. Returns the λ used.
 */
function feed(d: Detectors, seq: Seq, values: ReadonlyMap<number, number>, theta: number, lo: number, hi: number, nowMs: number): number {
  const lambda = optimalBet(seq.recent, theta, lo);
  applyBatch(d, batchLogFactors(values, theta, lo, lambda), nowMs);
  addRecent(seq.recent, values, lo, hi);
  for (const c of values.values()) seq.n += c;
  return lambda;
}

/** log Σ_j BET_WEIGHTS[j]·e^{l_j}: the grid alone with its weights summing to 1 (no adaptive bettor). */
function gridOnlyLogMixture(logs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let j = 0; j < GRID; j++) m = Math.max(m, Math.log(BET_WEIGHTS[j]) + logs[j]);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let j = 0; j < GRID; j++) s += Math.exp(Math.log(BET_WEIGHTS[j]) + logs[j] - m);
  return m + Math.log(s);
}

interface NullRun {
  /** sup over batch ends of the anchored mixture log-wealth (grid and adaptive bettor). */
  supLogK: number;
  /** sup of the change mixture log R over batch ends while starts ≤ nStarts. */
  supLogR: number;
  /** The same two for the adaptive bettor alone (a nonnegative (super)martingale by itself). */
  supLogKa: number;
  supLogRa: number;
  /** Some detector value was NaN (an unsafe bet: a factor ≤ 0 hidden by NaN comparisons). */
  nan: boolean;
  /** Batches in which the adaptive bettor bet (λ > 0), bet at its cap, and batches in all. */
  betting: number;
  capped: number;
  batches: number;
  /** Σ over batches, and the largest, of the adaptive λ as a fraction of its cap. */
  fraction: number;
  maxFraction: number;
}

/**
 * One sequence of `nObs` observations in random batches of 1–20 (the last one truncated),
 * each batch one second after the previous (so every batch is a start), with the full mixture
 * (the adaptive λ of each batch from the histogram before it).
 */
function runSequence(rng: Rng, nObs: number, theta: number, lo: number, hi: number, draw: (rng: Rng, size: number) => Map<number, number>, nStarts: number): NullRun {
  const d = newDetectors();
  const seq = newSeq();
  let now = 0;
  const run: NullRun = { supLogK: -Infinity, supLogR: -Infinity, supLogKa: -Infinity, supLogRa: -Infinity, nan: false, betting: 0, capped: 0, batches: 0, fraction: 0, maxFraction: 0 };
  const cap = BET_FRACTIONS[0] / (theta - lo);
  while (seq.n < nObs) {
    const size = Math.min(batchSize(rng), nObs - seq.n);
    const lambda = feed(d, seq, draw(rng, size), theta, lo, hi, now);
    if (lambda > 0) run.betting++;
    if (lambda === cap) run.capped++;
    run.fraction += lambda / cap;
    run.maxFraction = Math.max(run.maxFraction, lambda / cap);
    run.batches++;
    now += 1000;
    const k = logMixture(d.logK);
    const r = logMixture(d.logR);
    if (Number.isNaN(k) || Number.isNaN(r) || d.logK.some(Number.isNaN) || d.logR.some(Number.isNaN)) run.nan = true;
    run.supLogK = Math.max(run.supLogK, k);
    run.supLogKa = Math.max(run.supLogKa, d.logK[GRID]);
    if (d.starts <= nStarts) {
      run.supLogR = Math.max(run.supLogR, r);
      run.supLogRa = Math.max(run.supLogRa, d.logR[GRID]);
    }
  }
  return run;
}

/** Median of an even-length list. */
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** a + 3 standard errors of a binomial proportion with m trials. */
const limit = (a: number, m: number) => a + 3 * Math.sqrt((a * (1 - a)) / m);

/** A histogram from batches given as [value, count] lists, added in order. */
function recentOf(batches: [number, number][][], lo: number, hi: number): Recent {
  const r = newRecent();
  for (const b of batches) addRecent(r, new Map(b), lo, hi);
  return r;
}

// ---------------------------------------------------------------------------------------------

describe("bets", () => {
  // Guards the safe range: λ_j = f_j/(θ − lo) with every f_j < 1, so that the worst factor
  // 1 + λ(lo − θ) = 1 − f_j stays > 0 (a fraction ≥ 1 would allow ruin / a negative factor).
  it("are the grid fractions of the largest safe bet 1/(θ − lo), all strictly safe", () => {
    const b = bets(0.3, -0.2);
    expect(b).toHaveLength(GRID);
    for (let j = 0; j < GRID; j++) {
      relClose(b[j], BET_FRACTIONS[j] / 0.5, 1e-15);
      expect(1 + b[j] * (-0.2 - 0.3)).toBeGreaterThan(0);
    }
    // Mixture weights form a probability vector: the grid's BET_WEIGHTS sum to 1 and share
    // 1 − ADAPTIVE_WEIGHT, the adaptive bettor has ADAPTIVE_WEIGHT (otherwise the mixture is not
    // a supermartingale with initial value 1 and Ville's bound is off by the total weight).
    expect(BET_WEIGHTS.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
    expect(BET_WEIGHTS.every((w) => w > 0)).toBe(true);
    expect(ADAPTIVE_WEIGHT).toBeGreaterThan(0);
    expect(ADAPTIVE_WEIGHT).toBeLessThan(1);
    expect(COMPONENTS).toBe(GRID + 1);
  });

  // Guards the domain check: with θ ≤ lo there is no safe positive bet.
  it("throw a RangeError when θ ≤ lo", () => {
    expect(() => bets(0, 0)).toThrow(RangeError);
    expect(() => bets(-1, 0)).toThrow(RangeError);
    expect(() => bets(Number.NaN, 0)).toThrow(RangeError);
    expect(() => batchLogFactors(new Map([[1, 1]]), 0.5, 0.5)).toThrow(RangeError);
  });
});

describe("addRecent: binning and forgetting, exact against numpy", () => {
  // Guards the histogram the adaptive bettor learns from: RECENT_BINS equal bins over [lo, hi]
  // (x = hi in the last bin, values outside [lo, hi] clamped to it, the sum recording the clamped
  // value), and forgetting by exp(−n/RECENT_MEMORY) per batch of n observations (n counts
  // observations, not distinct values), applied BEFORE the batch is added. Reference (python3,
  // numpy float64, the rule written out independently; see the optimalBet tests for `binned`).
  it("uses 32 bins and a memory of 200 observations (the references below assume them)", () => {
    expect(RECENT_BINS).toBe(32);
    expect(RECENT_MEMORY).toBe(200);
    const r = newRecent();
    expect(r.c).toEqual(new Array(32).fill(0));
    expect(r.s).toEqual(new Array(32).fill(0));
    expect(r.lambda).toBe(0);
  });
  it("forgets by exp(−n/200) per batch of n observations, before adding the batch", () => {
    // A = {0: 3, 1: 2, 0.5: 1} (6 observations), then B = {0.5: 4, 0.25: 1} (5 observations, 2
    // values), lo = 0, hi = 1: k = exp(−5/200) = 0.9753099120283326 and
    //   bin 0: c = 3k, s = 0;  bin 8: c = 1, s = 0.25;  bin 16: c = k + 4, s = 0.5k + 2;  bin 31: c = s = 2k
    // (binned([A, B], 0, 1)). Then C = {1: 10}: everything × exp(−10/200) = 0.951229424500714, bin 31 + 10.
    const r = recentOf([[[0, 3], [1, 2], [0.5, 1]]], 0, 1);
    const nz = (x: Recent) => Object.fromEntries(x.c.flatMap((c, b) => (c ? [[b, [c, x.s[b]]]] : [])));
    expect(nz(r)).toEqual({ 0: [3, 0], 16: [1, 0.5], 31: [2, 2] });
    addRecent(r, new Map([[0.5, 4], [0.25, 1]]), 0, 1);
    const want2 = { 0: [2.925929736084998, 0], 8: [1, 0.25], 16: [4.975309912028333, 2.4876549560141665], 31: [1.9506198240566652, 1.9506198240566652] };
    expect(Object.keys(nz(r))).toEqual(Object.keys(want2));
    for (const [b, [c, s]] of Object.entries(want2)) {
      relClose(r.c[+b], c, 1e-15);
      relClose(r.s[+b], s, 1e-15);
    }
    addRecent(r, new Map([[1, 10]]), 0, 1);
    const want3 = { 0: [2.7832304589856585, 0], 8: [0.951229424500714, 0.2378073561251785], 16: [4.732661184331409, 2.3663305921657045], 31: [11.855486972657106, 11.855486972657106] };
    expect(Object.keys(nz(r))).toEqual(Object.keys(want3));
    for (const [b, [c, s]] of Object.entries(want3)) {
      relClose(r.c[+b], c, 1e-15);
      relClose(r.s[+b], s, 1e-15);
    }
    // An empty batch forgets nothing (exp(−0/200) = 1).
    const before = structuredClone(r);
    addRecent(r, new Map(), 0, 1);
    expect(r).toEqual(before);
  });
  it("bins over [lo, hi]: x = hi in the last bin, values outside clamped (lo = −1, hi = 3)", () => {
    // Bin width 4/32 = 0.125: −1 → 0, −0.875 → 1, 1 → 16, 2.87 → 30, 2.875 and 3 → 31; −4 is
    // clamped to −1 (bin 0, sum −1 each), 7 to 3 (bin 31, sum 3 each). binned(...) gives
    //   {0: (3, −3), 1: (1, −0.875), 16: (1, 1), 30: (1, 2.87), 31: (6, 17.75)}.
    const r = recentOf([[[3, 1], [2.875, 2], [2.87, 1], [-1, 1], [1, 1], [-4, 2], [7, 3], [-0.875, 1]]], -1, 3);
    const want: Record<number, [number, number]> = { 0: [3, -3], 1: [1, -0.875], 16: [1, 1], 30: [1, 2.87], 31: [6, 17.75] };
    for (let b = 0; b < RECENT_BINS; b++) {
      expect(r.c[b], `count of bin ${b}`).toBe(want[b]?.[0] ?? 0);
      expect(r.s[b], `sum of bin ${b}`).toBeCloseTo(want[b]?.[1] ?? 0, 14);
    }
    // x = hi alone: the last bin, not one past it.
    const top = recentOf([[[1, 1]]], 0, 1);
    expect(top.c[RECENT_BINS - 1]).toBe(1);
    expect(top.c).toHaveLength(RECENT_BINS);
    // x = lo, and below it: the first bin, with the clamped value as its sum.
    const bottom = recentOf([[[0, 2], [-0.5, 1]]], 0, 1);
    expect(bottom.c[0]).toBe(3);
    expect(bottom.s[0]).toBe(0);
  });
});

describe("optimalBet: growth-optimal bet on the histogram, against scipy", () => {
  // Guards the adaptive bet: the λ in [0, BET_FRACTIONS[0]/(θ − lo)] maximising
  //   1·log(1 + λ(lo − θ)) + Σ_b c_b·log(1 + λ(s_b/c_b − θ))
  // (the histogram plus ONE pseudo-observation at lo), 0 when the slope at 0 is ≤ 0, the cap when
  // the slope at the cap is ≥ 0. A missing pseudo-observation (a bet at the cap after two lucky
  // observations), a wrong cap (1/(θ − lo) or one that ignores lo), a raw mean instead of the
  // bins, or a search that stops short fails these.
  // Reference (python3, numpy/scipy, float64), on the histogram built by the same batches:
  //   def binned(batches, lo, hi):           # the binning rule written out independently
  //       c = np.zeros(32); s = np.zeros(32)
  //       for batch in batches:
  //           keep = math.exp(-sum(k for _, k in batch) / 200); c *= keep; s *= keep
  //           for x, k in batch:
  //               v = min(hi, max(lo, x)); b = min(31, int(math.floor((v - lo) / (hi - lo) * 32)))
  //               c[b] += k; s[b] += k * v
  //       return c, s
  //   def bet(c, s, th, lo):
  //       m = c > 1e-9; d = np.r_[lo - th, s[m]/c[m] - th]; w = np.r_[1.0, c[m]]; cap = 0.9/(th - lo)
  //       return minimize_scalar(lambda l: -np.sum(w*np.log1p(l*d)), bounds=(0, cap),
  //                              method='bounded', options={'xatol': 1e-12}).x
  // cross-checked by brentq on the slope Σ w·d/(1 + λd) (xtol 1e-15) and mpmath.findroot at 50
  // digits. The values below are the brentq roots (equal to mpmath's to 16 digits);
  // minimize_scalar agrees with them within 2e-8 relative (its stopping rule is ~√eps·λ).
  const REL = 1e-6;

  it("Bernoulli-like: 87 at lo = 0 and 13 at hi = 1 against θ = 0.02", () => {
    // bins {0: 87, 31: 13}; slope at 0: 10.98 > 0, at the cap 45: −17.3 < 0.
    // minimize_scalar 5.546575151735927, brentq 5.546575065669832 (mpmath 5.5465750656698321393);
    // without the pseudo-observation it would be the Kelly bet (0.13 − 0.02)/(0.02·0.98) = 5.612244897959185.
    const r = recentOf([[[0, 87], [1, 13]]], 0, 1);
    const l = optimalBet(r, 0.02, 0);
    relClose(l, 5.546575065669832, REL);
    expect(r.lambda).toBe(l); // the next search starts here
    // Only λ moves: the histogram is left as it was.
    expect(r.c[0]).toBe(87);
    expect(r.c[31]).toBe(13);
  });
  it("Bernoulli-like over two batches: the decayed counts, not the raw ones", () => {
    // {0: 10, 1: 3} then {0: 5, 1: 4}: bins {0: 10·e^(−9/200) + 5 = 14.559974818331, 31: 6.8679924454993}.
    // minimize_scalar 14.603289578781297, brentq 14.603289415279914 (mpmath 14.603289415279914079).
    // Without the decay (counts 15 and 7) the optimum would be 14.507542147293702 (brentq).
    const r = recentOf([[[0, 10], [1, 3]], [[0, 5], [1, 4]]], 0, 1);
    relClose(optimalBet(r, 0.02, 0), 14.603289415279914, REL);
  });
  it("the pseudo-observation at lo keeps the bet inside the cap after two lucky observations", () => {
    // {1: 2} against θ = 0.2, lo = 0: maximise log(1 − 0.2λ) + 2·log(1 + 0.8λ) → λ = 1.4/0.48 = 35/12
    // (brentq 2.9166666666666665, minimize_scalar 2.9166667106108024). Without the pseudo-
    // observation every bet gains on this histogram and λ would be the cap 4.5.
    const r = recentOf([[[1, 2]]], 0, 1);
    relClose(optimalBet(r, 0.2, 0), 35 / 12, REL);
  });
  it("continuous spread over [−1, 3] (values outside clamped) against θ = 0.4, from any previous bet", () => {
    // Batch 1 (12 observations): 0.5, 1.2 ×2, 2.0, 0.1, 3.3 (→ 3), −0.7 ×2, 0.45, 1.9, 2.95, −1.4 (→ −1);
    // batch 2 (6): 0.05 ×3, 1.22, 2.6 ×2. Ten occupied bins; the cap 0.9/1.4 = 0.643 does not bind
    // (slope there −29.7). minimize_scalar 0.30494273564172936, brentq 0.3049427355989897
    // (mpmath 0.30494273559898965461). The maximiser does not depend on where the search starts.
    // (A search that, once Newton has hit the root exactly (slope 0, next iterate = b), rejects the
    // step and bisects away from the root for its remaining iterations fails this: it returned
    // 0.30375 from a previous bet of 0 and 0.28588 from 1.)
    for (const start of [0, 0.1, 0.3049427355989897, 0.5, 1, 100]) {
      const r = recentOf(
        [
          [[0.5, 1], [1.2, 2], [2.0, 1], [0.1, 1], [3.3, 1], [-0.7, 2], [0.45, 1], [1.9, 1], [2.95, 1], [-1.4, 1]],
          [[0.05, 3], [1.22, 1], [2.6, 2]],
        ],
        -1,
        3,
      );
      r.lambda = start;
      const l = optimalBet(r, 0.4, -1);
      expect(Math.abs(l - 0.3049427355989897) / 0.3049427355989897, `relative error from a previous bet of ${start} (bet ${l})`).toBeLessThanOrEqual(REL);
    }
  });
  it("a hand-made histogram with fractional (decayed) counts", () => {
    // c = {0: 120.5, 5: 3.25, 20: 7.75, 31: 15.125}, bin means {0: 0, 5: 0.17, 20: 0.64, 31: 0.99}, θ = 0.05, lo = 0
    // (cap 18): minimize_scalar 2.2459756214697943, brentq 2.2459756563439184 (mpmath 2.2459756563439182197).
    const r = newRecent();
    r.c[0] = 120.5;
    r.c[5] = 3.25;
    r.s[5] = 3.25 * 0.17;
    r.c[20] = 7.75;
    r.s[20] = 7.75 * 0.64;
    r.c[31] = 15.125;
    r.s[31] = 15.125 * 0.99;
    relClose(optimalBet(r, 0.05, 0), 2.2459756563439184, REL);
  });
  it("no bet when the histogram's evidence is at or below θ (the slope at 0 is ≤ 0)", () => {
    // Empty histogram: only the pseudo-observation (slope −0.2). {0.1: 4, 0.3: 2, 0.45: 3} against
    // θ = 0.5 (slope −2.65). {0.9: 1, 0.1: 5} against 0.5: mass above θ, but the slope at 0 is
    // −0.5 + 0.4 − 5·0.4 = −2.1. minimize_scalar returns 5e-13 in each case (its bound), brentq 0.
    const cases: [Recent, number, number][] = [
      [newRecent(), 0.2, 0],
      [recentOf([[[0.1, 4], [0.3, 2], [0.45, 3]]], 0, 1), 0.5, 0],
      [recentOf([[[0.9, 1], [0.1, 5]]], 0, 1), 0.5, 0],
    ];
    for (const [r, theta, lo] of cases) {
      r.lambda = 3; // a previous bet does not carry over
      expect(optimalBet(r, theta, lo)).toBe(0);
      expect(r.lambda).toBe(0);
    }
  });
  it("extreme mass above θ: the cap BET_FRACTIONS[0]/(θ − lo), the grid's largest bet", () => {
    // {1: 50} against θ = 0.02, lo = 0: slope at the cap 45 is +0.886 (minimize_scalar 44.9999993).
    // {3: 20, 2.5: 10} against θ = 0.25, lo = −1 (support [−1, 3]): cap 0.9/1.25 = 0.72, slope
    // there +14.5 (minimize_scalar 0.71999999): the cap depends on lo, not on θ alone.
    const a = recentOf([[[1, 50]]], 0, 1);
    expect(optimalBet(a, 0.02, 0)).toBe(bets(0.02, 0)[0]);
    relClose(a.lambda, 45, 1e-15);
    const b = recentOf([[[3, 20], [2.5, 10]]], -1, 3);
    relClose(optimalBet(b, 0.25, -1), 0.72, 1e-15);
    expect(b.lambda).toBe(bets(0.25, -1)[0]);
    // So the worst factor 1 + λ(lo − θ) stays 1 − 0.9 > 0.
    expect(1 + b.lambda * (-1 - 0.25)).toBeCloseTo(0.1, 14);
  });
  it("agrees with an independent bisection of the slope on random histograms, from any previous bet", () => {
    // 300 histograms (1–5 batches of 1–30 skewed values over random supports, θ anywhere in the
    // lower two thirds), each searched from 5 previous bets: 0, the optimum itself, 0.7× and 1.3×
    // it, and 10⁶ (clamped to the cap). Reference: 200 bisections of the slope in float64.
    // (A search capped at 12 iterations that falls back to bisection when Newton overshoots also
    // fails this where the optimum is small against the cap: 12 bisections give only cap/4096.)
    const rng = createRng(5);
    const slopeRoot = (r: Recent, theta: number, lo: number) => {
      const cap = BET_FRACTIONS[0] / (theta - lo);
      const d = [lo - theta];
      const w = [1];
      for (let b = 0; b < RECENT_BINS; b++) {
        if (r.c[b] > 1e-9) {
          d.push(r.s[b] / r.c[b] - theta);
          w.push(r.c[b]);
        }
      }
      const g = (l: number) => d.reduce((acc, di, i) => acc + (w[i] * di) / (1 + l * di), 0);
      if (g(0) <= 0) return 0;
      if (g(cap) >= 0) return cap;
      let a = 0;
      let b = cap;
      for (let i = 0; i < 200; i++) {
        const m = (a + b) / 2;
        if (g(m) > 0) a = m;
        else b = m;
      }
      return (a + b) / 2;
    };
    const bad: string[] = [];
    let total = 0;
    for (let t = 0; t < 300; t++) {
      const lo = -1 + 2 * rng.next();
      const hi = lo + 0.5 + 3 * rng.next();
      const theta = lo + (hi - lo) * (0.05 + 0.6 * rng.next());
      const batches: [number, number][][] = [];
      for (let k = 1 + Math.floor(rng.next() * 5); k > 0; k--) {
        const size = 1 + Math.floor(rng.next() * 30);
        const shape = 0.3 + 2 * rng.next();
        const m = new Map<number, number>();
        for (let i = 0; i < size; i++) {
          const x = lo + (hi - lo) * Math.pow(rng.next(), shape);
          m.set(x, (m.get(x) ?? 0) + 1);
        }
        batches.push([...m]);
      }
      const want = slopeRoot(recentOf(batches, lo, hi), theta, lo);
      for (const start of [0, want, 0.7 * want, 1.3 * want, 1e6]) {
        const r = recentOf(batches, lo, hi);
        r.lambda = start;
        const got = optimalBet(r, theta, lo);
        total++;
        const err = want === 0 ? Math.abs(got) : Math.abs(got - want) / want;
        if (!(err <= REL)) bad.push(`#${t} from ${start.toPrecision(4)}: ${got} vs ${want}`);
      }
    }
    expect(total).toBe(1500);
    expect(bad.length, `${bad.length} of ${total} searches off by more than ${REL}: ${bad.slice(0, 5).join("; ")}`).toBe(0);
  });
});

describe("batchLogFactors: exact against numpy", () => {
  // Guards the factor formula (sign of x − θ, λ = f/(θ − lo) not f/(hi − θ) or f/θ, counts as
  // multiplicities, clamping of x < lo to lo) for the grid, and that the last component bets
  // exactly the given adaptive λ. Reference, numpy float64 (cross-checked against mpmath at
  // 50 digits: relative differences ≤ 1.2e-15):
  //   F = np.array(BET_FRACTIONS); lam = np.r_[F/(theta-lo), adaptive]
  //   [sum(c*np.log1p(l*(max(x,lo)-theta)) for x,c in obs) for l in lam]
  it("case A: θ = 0.3, lo = 0, one value below lo (clamped), adaptive λ = 1.7", () => {
    const obs = new Map<number, number>([
      [0.05, 3],
      [0.2, 1],
      [0.37, 2],
      [0.9, 1],
      [-0.1, 1],
      [1.0, 4],
    ]);
    const want = [
      -0.88167453792959, 1.3335130097244772, 1.5329096561639028, 1.2814471099890896, 0.9171790859446147, 0.5526132993860948,
      0.29651599998264444, 0.1536613308164188, 0.07823096356616283, 0.03947213435083119, 1.5037393647630095,
    ];
    const got = batchLogFactors(obs, 0.3, 0, 1.7);
    expect(got).toHaveLength(COMPONENTS);
    for (let j = 0; j < COMPONENTS; j++) relClose(got[j], want[j], 1e-13);
    // Without an adaptive λ (the default 0) the grid is unchanged and the last factor is 1.
    const none = batchLogFactors(obs, 0.3, 0);
    expect(none).toHaveLength(COMPONENTS);
    for (let j = 0; j < GRID; j++) expect(none[j]).toBe(got[j]);
    expect(none[GRID]).toBe(0);
  });
  it("case B: θ = 0.25, lo = −1 (support not starting at 0), adaptive λ = 0.5", () => {
    const obs = new Map<number, number>([
      [-1.0, 2],
      [-0.5, 1],
      [0.0, 5],
      [0.25, 1],
      [0.8, 3],
      [2.5, 1],
    ]);
    const want = [
      -4.40994633831273, -1.4828236430389308, -0.6843152986743299, -0.30970594393387807, -0.14088769818887562,
      -0.058285544467188644, -0.024230736636103922, -0.010866442013992644, -0.005117794353721599, -0.0024796023333713817,
      -1.6167087601842527,
    ];
    const got = batchLogFactors(obs, 0.25, -1, 0.5);
    for (let j = 0; j < COMPONENTS; j++) relClose(got[j], want[j], 1e-13);
  });
  it("an empty batch gives zero log factors", () => {
    expect(Array.from(batchLogFactors(new Map(), 0.3, 0, 2))).toEqual(new Array(COMPONENTS).fill(0));
  });
});

describe("logMixture / logAddExp: exact against scipy", () => {
  // Guards log Σ w_j e^{l_j} with w = (BET_WEIGHTS·(1 − ADAPTIVE_WEIGHT), ADAPTIVE_WEIGHT): the
  // weights (a missing or doubled weight shifts the value by a constant, which would bias every
  // threshold comparison), overflow safety, and −∞ entries.
  const G = {
    // [grid log-wealths, scipy.special.logsumexp(L, b=np.array(BET_WEIGHTS))]
    high: [[1000, 999.5, 1001, 998, -Infinity, 1000.25, 997, -Infinity, 1002, 990], 1000.1657348927757],
    moderate: [[-3.0, 0.5, 1.25, -Infinity, 2.0, -0.75, 0.0, 4.5, -Infinity, -10.0], 1.9349694162397935],
    low: [[-800, -801, -799.5, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -805], -800.7909083214618],
  } as const;
  it("the grid part: logsumexp over BET_WEIGHTS, shifted by log(1 − ADAPTIVE_WEIGHT)", () => {
    // With the adaptive entry at −∞ only the grid counts, at its share 1 − ADAPTIVE_WEIGHT.
    for (const [L, want] of Object.values(G)) relClose(logMixture([...L, -Infinity]), want + Math.log(1 - ADAPTIVE_WEIGHT), 1e-15);
  });
  it("the adaptive part: l + log(ADAPTIVE_WEIGHT)", () => {
    for (const l of [-800, 0, 3, 1000]) relClose(logMixture([...new Array(GRID).fill(-Infinity), l]), l + Math.log(ADAPTIVE_WEIGHT), 1e-15);
  });
  // The full mixture at the library's weights. Reference (mpmath at 50 digits agrees to ≤ 5e-18
  // relative): W = np.r_[np.array(BET_WEIGHTS)*(1 - 0.6), 0.6]; scipy.special.logsumexp(L, b=W)
  // with L = the grid entries above followed by the adaptive entry.
  it("weights the adaptive bettor 0.6 and the grid 0.4", () => {
    expect(ADAPTIVE_WEIGHT).toBe(0.6);
    // logsumexp([−∞]*10 + [0], b=W) = log 0.6; logsumexp([0]*10 + [−∞], b=W) = log 0.4;
    // only bet 0 alive at l = 0 → log(0.2·0.4) = −2.525728644308255.
    relClose(logMixture([...new Array(GRID).fill(-Infinity), 0]), -0.5108256237659907, 1e-15);
    relClose(logMixture([...new Array(GRID).fill(0), -Infinity]), -0.916290731874155, 1e-15);
    relClose(logMixture([0, ...new Array(GRID).fill(-Infinity)]), -2.525728644308255, 1e-15);
  });
  it("does not overflow at l ≈ 1000 and ignores −∞ entries", () => {
    relClose(logMixture([...G.high[0], 1001.5]), 1001.1509256068867, 1e-15);
  });
  it("matches on moderate values (where np.log(np.sum(W*np.exp(L))) agrees)", () => {
    relClose(logMixture([...G.moderate[0], 3.0]), 2.696035315372078, 1e-14);
  });
  it("does not underflow at l ≈ −800", () => {
    relClose(logMixture([...G.low[0], -802]), -801.3372213107424, 1e-15);
  });
  it("is −∞ when every entry is −∞, and log 1 = 0 when every entry is 0 (weights sum to 1)", () => {
    expect(logMixture(new Array(COMPONENTS).fill(-Infinity))).toBe(-Infinity);
    expect(Math.abs(logMixture(new Array(COMPONENTS).fill(0)))).toBeLessThan(1e-15);
  });
  it("logAddExp is log(e^a + e^b) without overflow", () => {
    relClose(logAddExp(1000, 1000), 1000 + Math.LN2, 1e-15);
    relClose(logAddExp(0, Math.log(3)), Math.log(4), 1e-15);
    expect(logAddExp(-Infinity, 5)).toBe(5);
    expect(logAddExp(5, -Infinity)).toBe(5);
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
  });
});

describe("applyBatch", () => {
  // Guards the "at most one start per second" rule and the SR recursion R ← (1 + R)·factors
  // (on a start) / R ← R·factors (otherwise), and K ← K·factors, for every component
  // (the adaptive bettor's included).
  it("starts a change bet at most once per second", () => {
    const d: Detectors = newDetectors();
    expect(d.logK).toHaveLength(COMPONENTS);
    expect(d.logR).toHaveLength(COMPONENTS);
    const a = Array.from({ length: COMPONENTS }, (_, j) => 0.1 * (j + 1));
    const b = Array.from({ length: COMPONENTS }, (_, j) => -0.05 * j);
    const c = Array.from({ length: COMPONENTS }, (_, j) => 0.3 - 0.02 * j);
    applyBatch(d, a, 1000);
    expect(d.starts).toBe(1);
    applyBatch(d, b, 1999); // same second: no new start
    expect(d.starts).toBe(1);
    for (let j = 0; j < COMPONENTS; j++) relClose(d.logR[j], a[j] + b[j], 1e-15);
    applyBatch(d, c, 2000); // next second: a start
    expect(d.starts).toBe(2);
    expect(d.lastStart).toBe(2);
    for (let j = 0; j < COMPONENTS; j++) {
      relClose(d.logR[j], Math.log(Math.exp(a[j] + b[j]) + 1) + c[j], 1e-14);
      relClose(d.logK[j], a[j] + b[j] + c[j], 1e-14);
    }
    applyBatch(d, c, 2500); // same second again
    expect(d.starts).toBe(2);
  });
  it("the first batch at nowMs = 0 is a start (R goes from 0 to the batch's factors)", () => {
    const d = newDetectors();
    const f = new Array(COMPONENTS).fill(0.5);
    applyBatch(d, f, 0);
    expect(d.starts).toBe(1);
    expect(d.logR).toEqual(f);
    expect(d.logK).toEqual(f);
  });
});

describe("exact (super)martingale identities under H0, by enumeration", () => {
  // Guards the property every threshold rests on, exactly rather than statistically: with
  // weights summing to 1 and factors of conditional mean 1 when E[x] = θ, the mixture satisfies
  // E[K_t] = 1 and E[R_t] = (starts so far) — and E[·] < those when E[x] < θ. The adaptive
  // bettor's λ depends only on the histogram before its batch (optimalBet before the batch,
  // addRecent after it), so its factor also has conditional mean 1: the identities hold exactly
  // with it, and for it alone. A bet that sees its own batch (addRecent before optimalBet: it
  // bets more exactly when the batch is favourable), a bias in the factor (a shifted θ, a bet
  // past 1/(θ − lo) that makes factors negative → NaN), extra weight in the mixture, or an SR
  // restart that adds more than 1 breaks these equalities.
  // Observations take the values `vals` with probabilities `probs`; batches of sizes `sizes`,
  // each in its own second; all |vals|^n sequences are enumerated.
  function expectations(vals: number[], probs: number[], sizes: number[], theta: number, lo: number, hi: number) {
    const n = sizes.reduce((s, k) => s + k, 0);
    let eK = 0;
    let eR = 0;
    let eKa = 0;
    let eRa = 0;
    let eKg = 0;
    let total = 0;
    /** Probability of the paths on which the adaptive bettor bet at all; the distinct bets made. */
    let pBet = 0;
    const distinct = new Set<number>();
    let maxFraction = 0;
    const cap = BET_FRACTIONS[0] / (theta - lo);
    const idx = new Array(n).fill(0);
    for (;;) {
      let p = 1;
      for (const i of idx) p *= probs[i];
      const d = newDetectors();
      const seq = newSeq();
      let pos = 0;
      let bet = false;
      sizes.forEach((k, b) => {
        const m = new Map<number, number>();
        for (let i = pos; i < pos + k; i++) m.set(vals[idx[i]], (m.get(vals[idx[i]]) ?? 0) + 1);
        pos += k;
        const lambda = feed(d, seq, m, theta, lo, hi, 1000 * b);
        if (lambda > 0) bet = true;
        distinct.add(lambda);
        maxFraction = Math.max(maxFraction, lambda / cap);
      });
      eK += p * Math.exp(logMixture(d.logK));
      eR += p * Math.exp(logMixture(d.logR));
      eKa += p * Math.exp(d.logK[GRID]);
      eRa += p * Math.exp(d.logR[GRID]);
      eKg += p * Math.exp(gridOnlyLogMixture(d.logK));
      if (bet) pBet += p;
      total += p;
      let c = 0;
      while (c < n && ++idx[c] === vals.length) idx[c++] = 0;
      if (c === n) break;
    }
    return { eK, eR, eKa, eRa, eKg, total, pBet, distinct: distinct.size, maxFraction, starts: sizes.length };
  }

  it("Bernoulli(θ = 0.2), batches 1, 2, 3, 1, 2: E[K] = 1 and E[R] = 5, adaptive bettor included", () => {
    const r = expectations([0, 1], [0.8, 0.2], [1, 2, 3, 1, 2], 0.2, 0, 1);
    expect(r.total).toBeCloseTo(1, 14);
    relClose(r.eK, 1, 1e-12);
    relClose(r.eR, r.starts, 1e-12);
    relClose(r.eKa, 1, 1e-12);
    relClose(r.eRa, r.starts, 1e-12);
    relClose(r.eKg, 1, 1e-12);
    // Not vacuous: observed, the adaptive bettor bets on paths of probability 0.581, with 70
    // different bets (0 included) up to 0.936 of its cap.
    expect(r.pBet).toBeGreaterThan(0.5);
    expect(r.distinct).toBeGreaterThan(50);
    expect(r.maxFraction).toBeGreaterThan(0.9);
  });
  it("three-point law on {−1, 0.5, 3} with mean θ = 0.25, support [−1, 3]: E[K] = 1 and E[R] = 3", () => {
    // p(−1) = 0.5, p(0.5) = 0.3, p(3) = 0.2: mean = −0.5 + 0.15 + 0.6 = 0.25. Bins 0, 12 and 31.
    const r = expectations([-1, 0.5, 3], [0.5, 0.3, 0.2], [2, 1, 3], 0.25, -1, 3);
    relClose(r.eK, 1, 1e-12);
    relClose(r.eR, r.starts, 1e-12);
    relClose(r.eKa, 1, 1e-12);
    relClose(r.eRa, r.starts, 1e-12);
    // Not vacuous: observed, the adaptive bettor bets on paths of probability 0.438, with 14
    // different bets up to 0.705 of its cap.
    expect(r.pBet).toBeGreaterThan(0.4);
    expect(r.distinct).toBeGreaterThan(10);
    expect(r.maxFraction).toBeGreaterThan(0.6);
  });
  it("strict supermartingale when E[x] < θ: Bernoulli(0.15) against θ = 0.2", () => {
    const r = expectations([0, 1], [0.85, 0.15], [1, 2, 3, 1, 2], 0.2, 0, 1);
    expect(r.eK).toBeLessThan(1);
    expect(r.eR).toBeLessThan(r.starts);
    expect(r.eKa).toBeLessThan(1);
    expect(r.eRa).toBeLessThan(r.starts);
  });
});

describe("anytime validity under H0 (worst case E[x] = θ), full mixture with the adaptive bettor", () => {
  // Guards Ville's inequality P(sup_t K_t ≥ 1/a) ≤ a for the anchored mixture, and the
  // optional-stopping bound P(R reaches N/a within N starts) ≤ a for the SR statistic, for the
  // mixture of the grid and the adaptive bettor (λ from the histogram before each batch) and for
  // the adaptive bettor alone. These fail for any unsafe bet (fraction ≥ 1, λ scaled up, a bet
  // that sees its own batch: NaN is reported, not hidden), weights summing to more than 1, a
  // factor with the wrong sign on an unbounded side, or an R that is not reset per start.
  // 2000 sequences × 1000 observations per distribution, batches of 1–20, 1 s per batch.
  // Under H0 the cap never binds here: it needs the histogram's slope at 0.9/(θ − lo) to be ≥ 0,
  // i.e. roughly 9+ observations' worth of mass far above θ against almost none below.
  const SEQ = 2000;
  const OBS = 1000;
  const N_STARTS = 100;
  const A = [0.5, 0.2, 0.1, 0.05]; // Ville holds at every level; 0.5 and 0.2 add sensitivity

  const check = (runs: NullRun[], label: string) => {
    expect(runs.filter((r) => r.nan).length, `${label}: runs with a NaN detector`).toBe(0);
    const rates: Record<string, number> = {};
    for (const a of A) {
      const rate = (f: (r: NullRun) => boolean) => runs.filter(f).length / runs.length;
      rates[`K@${a}`] = rate((r) => r.supLogK >= Math.log(1 / a));
      rates[`R@${a}`] = rate((r) => r.supLogR >= Math.log(N_STARTS / a));
      rates[`Ka@${a}`] = rate((r) => r.supLogKa >= Math.log(1 / a));
      rates[`Ra@${a}`] = rate((r) => r.supLogRa >= Math.log(N_STARTS / a));
      for (const s of ["K", "R", "Ka", "Ra"]) {
        expect(rates[`${s}@${a}`], `${label}: ${s} crossing rate at a = ${a}`).toBeLessThanOrEqual(limit(a, runs.length));
      }
    }
    const batches = runs.reduce((s, r) => s + r.batches, 0);
    rates.betting = runs.reduce((s, r) => s + r.betting, 0) / batches;
    rates.capped = runs.reduce((s, r) => s + r.capped, 0) / batches;
    rates.fraction = runs.reduce((s, r) => s + r.fraction, 0) / batches;
    rates.maxFraction = Math.max(...runs.map((r) => r.maxFraction));
    return rates;
  };

  it("Bernoulli(θ), θ = 0.2, support [0, 1]", () => {
    const rng = createRng(20240601);
    const runs = Array.from({ length: SEQ }, () => runSequence(rng, OBS, 0.2, 0, 1, (r, n) => bernoulliBatch(r, 0.2, n), N_STARTS));
    const rates = check(runs, "Bernoulli");
    // The test is not vacuous: the anchored wealth does cross 1/a with appreciable frequency
    // (observed K 0.2115 at a = 0.5, 0.0085 at 0.05), the adaptive bettor bets in 0.471 of the
    // batches (mean bet 0.014 of its cap, largest 0.693) and alone crosses 1/0.5 in 0.2575 of the runs.
    expect(rates["K@0.5"]).toBeGreaterThan(0.05);
    expect(rates.betting).toBeGreaterThan(0.3);
    expect(rates["Ka@0.5"]).toBeGreaterThan(0.1);
    expect(rates.capped).toBe(0);
  });

  it("Uniform[lo, hi] with θ = (lo + hi)/2, lo = −1, hi = 3", () => {
    const rng = createRng(777);
    const runs = Array.from({ length: SEQ }, () => runSequence(rng, OBS, 1, -1, 3, (r, n) => uniformBatch(r, -1, 3, n), N_STARTS));
    const rates = check(runs, "Uniform");
    // Observed: K 0.2355, adaptive alone 0.2525 at a = 0.5 (K 0.0225 at 0.05); the adaptive
    // bettor bets in 0.423 of the batches (mean bet 0.038 of its cap, largest 0.907).
    expect(rates["K@0.5"]).toBeGreaterThan(0.05);
    expect(rates["Ka@0.5"]).toBeGreaterThan(0.1);
    expect(rates.betting).toBeGreaterThan(0.3);
  });

  it("Uniform[0.19, 0.21] with θ = 0.2 on the support [0, 1]: every observation in one bin", () => {
    // All observations fall in bin 6 ([0.1875, 0.21875)), so the bettor sees only the recent
    // mean; the pseudo-observation at 0 (slope −0.2 at λ = 0) outweighs a recent excess of the
    // mean over θ below ≈ 0.2/200 = 0.001 (2.5 standard errors of a 200-observation mean), so
    // it seldom bets: observed in 0.00023 of the batches. The grid's factors stay within
    // 1 ± 0.045: observed K 0.001 at a = 0.5, no other crossing. (The previous moment-based
    // bettor sat at its cap in 0.295 of the batches here; this bettor's cap needs mass far above θ.)
    // Validity with low variance, and the pseudo-observation's caution, are what this checks.
    const rng = createRng(99);
    const runs = Array.from({ length: SEQ }, () => runSequence(rng, OBS, 0.2, 0, 1, (r, n) => uniformBatch(r, 0.19, 0.21, n), N_STARTS));
    const rates = check(runs, "narrow Uniform");
    expect(rates.betting).toBeLessThan(0.01);
  });

  it("Bernoulli(θ), θ = 0.02, support [0, 1]: rare large observations, a cap of 45", () => {
    // A one in the recent window makes the histogram favour a bet (the power test below detects
    // Bernoulli(0.13) here): observed, the adaptive bettor bets in 0.445 of the batches, at up to
    // 0.544 of its cap (mean 0.004); K 0.153 and adaptive alone 0.2075 at a = 0.5.
    const rng = createRng(2002);
    const runs = Array.from({ length: SEQ }, () => runSequence(rng, OBS, 0.02, 0, 1, (r, n) => bernoulliBatch(r, 0.02, n), N_STARTS));
    const rates = check(runs, "Bernoulli(0.02)");
    expect(rates["K@0.5"]).toBeGreaterThan(0.05);
    expect(rates["Ka@0.5"]).toBeGreaterThan(0.05);
    expect(rates.betting).toBeGreaterThan(0.1);
  });
});

describe("power and change detection", () => {
  // Guards power: a wrong sign, a far too small λ, or a mixture dominated by a useless bet would
  // make the detector slow. Bernoulli(0.3) vs θ = 0.1: the best grid bet grows ≈ 0.15 nat/obs.
  it("the anchored wealth crosses log(1/0.01) within 200 observations in ≥ 95% of runs", () => {
    const rng = createRng(31337);
    const RUNS = 500;
    let hits = 0;
    for (let r = 0; r < RUNS; r++) {
      const d = newDetectors();
      const seq = newSeq();
      let now = 0;
      while (seq.n < 200) {
        const size = Math.min(batchSize(rng), 200 - seq.n);
        feed(d, seq, bernoulliBatch(rng, 0.3, size), 0.1, 0, 1, now);
        now += 1000;
        if (logMixture(d.logK) >= Math.log(100)) {
          hits++;
          break;
        }
      }
    }
    // Observed 500 of 500.
    expect(hits / RUNS).toBeGreaterThanOrEqual(0.95);
  });

  // After 3000 healthy observations (mean θ − 0.05) the mean shifts to θ + 0.2. Medians over 50
  // runs of the post-change observations until each statistic first crosses its threshold:
  // R at log(3600·2/0.01) (N = 3600 starts, a = 0.01/2), K at log(1/0.01).
  // - The grid alone (gridOnlyLogMixture over the same log-wealths): R restarts its bets, so the
  //   healthy stretch costs it nothing, while every bet of K has lost ≈ 0.14 nat/obs there and
  //   must first win it back: R's delay ≤ half of K's (observed 137 vs 1253.5). A mutation that
  //   never restarts (R ≡ K) or restarts with the accumulated wealth fails this.
  // - The full mixture: the adaptive bettor relearns. It bets 0 (or little) while the recent mean
  //   is below θ, so K's adaptive component keeps its wealth through the healthy stretch, and
  //   within its memory of ~200 observations after the shift it bets on the new mean. So K itself
  //   recovers: observed K 174 against 1253.5 for the grid alone. Then R is no longer twice as
  //   fast: it needs log(7200/0.01) − log(1/0.01) = 8.9 more nats than K and gets the restarts
  //   only from the grid's 0.4: observed R 142.5 vs K 174 (ratio 0.82), so the claim "R's delay
  //   ≤ half of K's" does NOT hold with the full mixture; what holds is R ≤ K. (The previous
  //   moment-based bettor learnt from the whole epoch and stayed at 0 until the overall mean
  //   passed θ, ≈ 750 observations after the shift, so K was then as slow as the grid's.)
  //   A bettor that never forgets (no decay) or a K that keeps no adaptive wealth fails the
  //   bound on K; a mixture without the grid's restarts fails R ≤ K.
  it("after 3000 healthy observations: the adaptive bettor relearns (K recovers), R still no slower than K (median of 50)", () => {
    const rng = createRng(4242);
    const theta = 0.2;
    const thrR = Math.log((3600 * 2) / 0.01);
    const thrK = Math.log(1 / 0.01);
    const delaysR: number[] = [];
    const delaysK: number[] = [];
    const gridR: number[] = [];
    const gridK: number[] = [];
    let healthyAlarms = 0;
    for (let r = 0; r < 50; r++) {
      const d = newDetectors();
      const seq = newSeq();
      let now = 0;
      while (seq.n < 3000) {
        const size = Math.min(batchSize(rng), 3000 - seq.n);
        feed(d, seq, bernoulliBatch(rng, theta - 0.05, size), theta, 0, 1, now);
        now += 1000;
        if (logMixture(d.logR) >= thrR || logMixture(d.logK) >= thrK) healthyAlarms++;
      }
      let post = 0;
      let dR = Infinity;
      let dK = Infinity;
      let gR = Infinity;
      let gK = Infinity;
      while (post < 20000 && [dR, dK, gR, gK].includes(Infinity)) {
        const size = batchSize(rng);
        post += size;
        feed(d, seq, bernoulliBatch(rng, theta + 0.2, size), theta, 0, 1, now);
        now += 1000;
        if (dR === Infinity && logMixture(d.logR) >= thrR) dR = post;
        if (dK === Infinity && logMixture(d.logK) >= thrK) dK = post;
        if (gR === Infinity && gridOnlyLogMixture(d.logR) >= thrR) gR = post;
        if (gK === Infinity && gridOnlyLogMixture(d.logK) >= thrK) gK = post;
      }
      delaysR.push(dR);
      delaysK.push(dK);
      gridR.push(gR);
      gridK.push(gK);
    }
    expect(healthyAlarms).toBe(0);
    const mR = median(delaysR);
    const mK = median(delaysK);
    const mGR = median(gridR);
    const mGK = median(gridK);
    expect([mR, mK, mGR, mGK].every(Number.isFinite)).toBe(true);
    // The grid alone: R forgets the healthy history, K does not.
    expect(mGR).toBeLessThanOrEqual(0.5 * mGK);
    // The full mixture: K relearns through the adaptive bettor (within a quarter of the grid's delay) ...
    expect(mK).toBeLessThanOrEqual(0.25 * mGK);
    // ... and R is still no slower than K, but not twice as fast.
    expect(mR).toBeLessThanOrEqual(mK);
    expect(mR).toBeGreaterThan(0.5 * mK);
  });
});

describe("power of the adaptive bettor against the grid alone", () => {
  // The same seeded Bernoulli(p) stream (batches of 1–20) is read by two anchored detectors:
  // the library's mixture (grid at 1 − ADAPTIVE_WEIGHT + adaptive bettor at ADAPTIVE_WEIGHT) and
  // the grid alone with BET_WEIGHTS summing to 1 (gridOnlyLogMixture over the same grid
  // log-wealths). Each run records the observations until each first reaches log(1/0.001);
  // medians over 100 runs seeded 1..100. For scale: an adaptive bettor that never bets leaves
  // the mixture at 0.6 + 0.4·(grid), log 2.5 = 0.92 nats behind the grid alone.
  const THRESHOLD = Math.log(1 / 0.001);
  function delays(p: number, theta: number, maxObs: number) {
    const full: number[] = [];
    const grid: number[] = [];
    let noSlower = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const rng = createRng(seed);
      const d = newDetectors();
      const seq = newSeq();
      let dFull = Infinity;
      let dGrid = Infinity;
      let now = 0;
      while (seq.n < maxObs && (dFull === Infinity || dGrid === Infinity)) {
        feed(d, seq, bernoulliBatch(rng, p, batchSize(rng)), theta, 0, 1, now);
        now += 1000;
        if (dFull === Infinity && logMixture(d.logK) >= THRESHOLD) dFull = seq.n;
        if (dGrid === Infinity && gridOnlyLogMixture(d.logK) >= THRESHOLD) dGrid = seq.n;
      }
      full.push(dFull);
      grid.push(dGrid);
      if (dFull <= dGrid) noSlower++;
    }
    return { full: median(full), grid: median(grid), noSlower };
  }

  // The histogram bettor learns the growth-optimal bet: for Bernoulli(0.13) vs θ = 0.02 that is
  // λ* = 5.61 (argmax of 0.13·log(1 + 0.98λ) + 0.87·log(1 − 0.02λ), scipy minimize_scalar),
  // growing 0.1398 nat/obs against 0.1346 at the grid's best bets (λ = 4 and 7.5), which makes up
  // for the grid's weight 0.4 (log 2.5 nats). (The previous moment-based bettor converged to
  // 0.879 and grew only 0.0653 nat/obs: medians full 75.5 vs grid alone 71, then an it.fails.)
  // Observed: medians full 71, grid alone 71; the mixture is no slower in 84 of the 100 runs.
  // With an adaptive bettor that never bets: full 75.5. An ADAPTIVE_WEIGHT of 0.9 (grid at 0.1)
  // or a mis-scaled adaptive bet fails this.
  it("Bernoulli(0.13) vs θ = 0.02: the mixture detects in no more observations than the grid alone (median)", () => {
    const { full, grid, noSlower } = delays(0.13, 0.02, 5000);
    expect(Number.isFinite(full) && Number.isFinite(grid)).toBe(true);
    expect(grid).toBeGreaterThan(40); // sanity: ≈ 6.9 + 1.7 nats at ≈ 0.135 nat/obs
    expect(full).toBeLessThanOrEqual(grid);
    expect(noSlower).toBeGreaterThanOrEqual(75);
  });

  // A small effect, x − θ of both signs: Bernoulli(0.3) vs θ = 0.25, growth-optimal λ* = 0.267
  // (≈ 0.006 nat/obs) between grid points of small weight (0.32 and 0.16, weights 0.08 and 0.07).
  // The histogram bettor forgets with a memory of ~200 observations, so its estimate of the mean
  // keeps a standard error ≈ √(0.21/200) = 0.032 against an effect of 0.05: its bet is noisy and
  // grows slower than λ*. Observed medians: full 1323, grid alone 1305.5 (the mixture is no
  // slower in 55 of the 100 runs): the mixture is NOT faster than the grid alone here (the
  // previous moment-based bettor, which never forgot, was: 1134 vs 1305.5), but it is within
  // 5%, while an adaptive bettor that never bets leaves it at 1495 (+14.5%).
  it("Bernoulli(0.3) vs θ = 0.25: the mixture is within 5% of the grid alone (median), not faster", () => {
    const { full, grid } = delays(0.3, 0.25, 20000);
    expect(Number.isFinite(full) && Number.isFinite(grid)).toBe(true);
    expect(full).toBeLessThanOrEqual(1.05 * grid);
  });
});
