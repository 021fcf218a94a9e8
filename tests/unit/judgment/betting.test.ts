import { describe, expect, it } from "vitest";
import {
  BET_FRACTIONS,
  BET_WEIGHTS,
  GRID,
  applyBatch,
  batchLogFactors,
  bets,
  logAddExp,
  logMixture,
  newDetectors,
  type Detectors,
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

interface NullRun {
  /** sup over batch ends of the anchored mixture log-wealth. */
  supLogK: number;
  /** sup of the change mixture log R over batch ends while starts ≤ nStarts. */
  supLogR: number;
}

/**
 * One sequence of `nObs` observations in random batches of 1–20 (the last one truncated),
 * each batch one second after the previous (so every batch is a start).
 */
function runSequence(rng: Rng, nObs: number, theta: number, lo: number, draw: (rng: Rng, size: number) => Map<number, number>, nStarts: number): NullRun {
  const d = newDetectors();
  let seen = 0;
  let now = 0;
  let supLogK = -Infinity;
  let supLogR = -Infinity;
  while (seen < nObs) {
    const size = Math.min(batchSize(rng), nObs - seen);
    seen += size;
    applyBatch(d, batchLogFactors(draw(rng, size), theta, lo), now);
    now += 1000;
    supLogK = Math.max(supLogK, logMixture(d.logK));
    if (d.starts <= nStarts) supLogR = Math.max(supLogR, logMixture(d.logR));
  }
  return { supLogK, supLogR };
}

/** a + 3 standard errors of a binomial proportion with m trials. */
const limit = (a: number, m: number) => a + 3 * Math.sqrt((a * (1 - a)) / m);

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
    // Mixture weights form a probability vector (otherwise the mixture is not a supermartingale
    // with initial value 1 and Ville's bound is off by the total weight).
    expect(BET_WEIGHTS.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
    expect(BET_WEIGHTS.every((w) => w > 0)).toBe(true);
  });

  // Guards the domain check: with θ ≤ lo there is no safe positive bet.
  it("throw a RangeError when θ ≤ lo", () => {
    expect(() => bets(0, 0)).toThrow(RangeError);
    expect(() => bets(-1, 0)).toThrow(RangeError);
    expect(() => bets(Number.NaN, 0)).toThrow(RangeError);
    expect(() => batchLogFactors(new Map([[1, 1]]), 0.5, 0.5)).toThrow(RangeError);
  });
});

describe("batchLogFactors: exact against numpy", () => {
  // Guards the factor formula (sign of x − θ, λ = f/(θ − lo) not f/(hi − θ) or f/θ, counts as
  // multiplicities, clamping of x < lo to lo). Reference, numpy float64 (cross-checked against
  // mpmath at 50 digits: relative differences ≤ 1.2e-15):
  //   F = np.array(BET_FRACTIONS); lam = F/(theta-lo)
  //   [sum(c*np.log1p(l*(max(x,lo)-theta)) for x,c in obs) for l in lam]
  it("case A: θ = 0.3, lo = 0, one value below lo (clamped)", () => {
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
      0.29651599998264444, 0.1536613308164188, 0.07823096356616283, 0.03947213435083119,
    ];
    const got = batchLogFactors(obs, 0.3, 0);
    expect(got).toHaveLength(GRID);
    for (let j = 0; j < GRID; j++) relClose(got[j], want[j], 1e-13);
  });
  it("case B: θ = 0.25, lo = −1 (support not starting at 0)", () => {
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
    ];
    const got = batchLogFactors(obs, 0.25, -1);
    for (let j = 0; j < GRID; j++) relClose(got[j], want[j], 1e-13);
  });
  it("an empty batch gives zero log factors", () => {
    expect(Array.from(batchLogFactors(new Map(), 0.3, 0))).toEqual(new Array(GRID).fill(0));
  });
});

describe("logMixture / logAddExp: exact against scipy", () => {
  // Guards log Σ w_j e^{l_j}: the weights (a missing or doubled weight shifts the value by a
  // constant, which would bias every threshold comparison), overflow safety, and −∞ entries.
  // Reference: scipy.special.logsumexp(L, b=np.array(BET_WEIGHTS)).
  it("does not overflow at l ≈ 1000 and ignores −∞ entries", () => {
    const L = [1000, 999.5, 1001, 998, -Infinity, 1000.25, 997, -Infinity, 1002, 990];
    relClose(logMixture(L), 1000.1657348927757, 1e-15);
  });
  it("matches on moderate values (where np.log(np.sum(W*np.exp(L))) agrees)", () => {
    const L = [-3.0, 0.5, 1.25, -Infinity, 2.0, -0.75, 0.0, 4.5, -Infinity, -10.0];
    relClose(logMixture(L), 1.9349694162397935, 1e-14);
  });
  it("does not underflow at l ≈ −800", () => {
    const L = [-800, -801, -799.5, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -805];
    relClose(logMixture(L), -800.7909083214618, 1e-15);
  });
  it("is −∞ when every entry is −∞, and log 1 = 0 when every entry is 0 (weights sum to 1)", () => {
    expect(logMixture(new Array(GRID).fill(-Infinity))).toBe(-Infinity);
    expect(Math.abs(logMixture(new Array(GRID).fill(0)))).toBeLessThan(1e-15);
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
  // (on a start) / R ← R·factors (otherwise), and K ← K·factors.
  it("starts a change bet at most once per second", () => {
    const d: Detectors = newDetectors();
    const a = Array.from({ length: GRID }, (_, j) => 0.1 * (j + 1));
    const b = Array.from({ length: GRID }, (_, j) => -0.05 * j);
    const c = Array.from({ length: GRID }, (_, j) => 0.3 - 0.02 * j);
    applyBatch(d, a, 1000);
    expect(d.starts).toBe(1);
    applyBatch(d, b, 1999); // same second: no new start
    expect(d.starts).toBe(1);
    for (let j = 0; j < GRID; j++) relClose(d.logR[j], a[j] + b[j], 1e-15);
    applyBatch(d, c, 2000); // next second: a start
    expect(d.starts).toBe(2);
    expect(d.lastStart).toBe(2);
    for (let j = 0; j < GRID; j++) {
      relClose(d.logR[j], Math.log(Math.exp(a[j] + b[j]) + 1) + c[j], 1e-14);
      relClose(d.logK[j], a[j] + b[j] + c[j], 1e-14);
    }
    applyBatch(d, c, 2500); // same second again
    expect(d.starts).toBe(2);
  });
  it("the first batch at nowMs = 0 is a start (R goes from 0 to the batch's factors)", () => {
    const d = newDetectors();
    const f = new Array(GRID).fill(0.5);
    applyBatch(d, f, 0);
    expect(d.starts).toBe(1);
    expect(d.logR).toEqual(f);
    expect(d.logK).toEqual(f);
  });
});

describe("exact (super)martingale identities under H0, by enumeration", () => {
  // Guards the property every threshold rests on, exactly rather than statistically: with
  // weights summing to 1 and factors of conditional mean 1 when E[x] = θ, the mixture satisfies
  // E[K_t] = 1 and E[R_t] = (starts so far) — and E[·] < those when E[x] < θ. Any bias in the
  // factor (a shifted θ, a wrong λ that makes factors negative → NaN), extra weight in the
  // mixture, or an SR restart that adds more than 1 breaks these equalities.
  // Observations take the values `vals` with probabilities `probs`; batches of sizes `sizes`,
  // each in its own second; all |vals|^n sequences are enumerated.
  function expectations(vals: number[], probs: number[], sizes: number[], theta: number, lo: number) {
    const n = sizes.reduce((s, k) => s + k, 0);
    let eK = 0;
    let eR = 0;
    let total = 0;
    const idx = new Array(n).fill(0);
    for (;;) {
      let p = 1;
      for (const i of idx) p *= probs[i];
      const d = newDetectors();
      let pos = 0;
      sizes.forEach((k, b) => {
        const m = new Map<number, number>();
        for (let i = pos; i < pos + k; i++) m.set(vals[idx[i]], (m.get(vals[idx[i]]) ?? 0) + 1);
        pos += k;
        applyBatch(d, batchLogFactors(m, theta, lo), 1000 * b);
      });
      eK += p * Math.exp(logMixture(d.logK));
      eR += p * Math.exp(logMixture(d.logR));
      total += p;
      let c = 0;
      while (c < n && ++idx[c] === vals.length) idx[c++] = 0;
      if (c === n) break;
    }
    return { eK, eR, total, starts: sizes.length };
  }

  it("Bernoulli(θ = 0.2), batches 1, 2, 3, 1: E[K] = 1 and E[R] = 4", () => {
    const r = expectations([0, 1], [0.8, 0.2], [1, 2, 3, 1], 0.2, 0);
    expect(r.total).toBeCloseTo(1, 14);
    relClose(r.eK, 1, 1e-12);
    relClose(r.eR, r.starts, 1e-12);
  });
  it("three-point law on {−1, 0.5, 3} with mean θ = 0.25 and lo = −1: E[K] = 1 and E[R] = 3", () => {
    // p(−1) = 0.5, p(0.5) = 0.3, p(3) = 0.2: mean = −0.5 + 0.15 + 0.6 = 0.25.
    const r = expectations([-1, 0.5, 3], [0.5, 0.3, 0.2], [2, 1, 3], 0.25, -1);
    relClose(r.eK, 1, 1e-12);
    relClose(r.eR, r.starts, 1e-12);
  });
  it("strict supermartingale when E[x] < θ: Bernoulli(0.15) against θ = 0.2", () => {
    const r = expectations([0, 1], [0.85, 0.15], [1, 2, 3, 1], 0.2, 0);
    expect(r.eK).toBeLessThan(1);
    expect(r.eR).toBeLessThan(r.starts);
  });
});

describe("anytime validity under H0 (worst case E[x] = θ)", () => {
  // Guards Ville's inequality P(sup_t K_t ≥ 1/a) ≤ a for the anchored mixture, and the
  // optional-stopping bound P(R reaches N/a within N starts) ≤ a for the SR statistic. These
  // fail for any unsafe bet (fraction ≥ 1 or λ scaled up), weights summing to more than 1, a
  // factor with the wrong sign on an unbounded side, or an R that is not reset per start.
  // 2000 sequences × 1000 observations per distribution, batches of 1–20, 1 s per batch.
  const SEQ = 2000;
  const OBS = 1000;
  const N_STARTS = 100;
  const A = [0.5, 0.2, 0.1, 0.05]; // Ville holds at every level; 0.5 and 0.2 add sensitivity

  const check = (runs: NullRun[], label: string) => {
    const rates: Record<string, number> = {};
    for (const a of A) {
      const k = runs.filter((r) => r.supLogK >= Math.log(1 / a)).length / runs.length;
      const c = runs.filter((r) => r.supLogR >= Math.log(N_STARTS / a)).length / runs.length;
      rates[`K@${a}`] = k;
      rates[`R@${a}`] = c;
      expect(k, `${label}: anchored crossing rate at a = ${a}`).toBeLessThanOrEqual(limit(a, runs.length));
      expect(c, `${label}: change crossing rate at a = ${a}`).toBeLessThanOrEqual(limit(a, runs.length));
    }
    return rates;
  };

  it("Bernoulli(θ), θ = 0.2, lo = 0", () => {
    const rng = createRng(20240601);
    const runs = Array.from({ length: SEQ }, () => runSequence(rng, OBS, 0.2, 0, (r, n) => bernoulliBatch(r, 0.2, n), N_STARTS));
    const rates = check(runs, "Bernoulli");
    // The test is not vacuous: the anchored wealth does cross 1/a with appreciable frequency (observed ≈ 0.15–0.23 at a = 0.5).
    expect(rates["K@0.5"]).toBeGreaterThan(0.05);
  });

  it("Uniform[lo, hi] with θ = (lo + hi)/2, lo = −1, hi = 3", () => {
    const rng = createRng(777);
    const runs = Array.from({ length: SEQ }, () => runSequence(rng, OBS, 1, -1, (r, n) => uniformBatch(r, -1, 3, n), N_STARTS));
    const rates = check(runs, "Uniform");
    expect(rates["K@0.5"]).toBeGreaterThan(0.05);
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
      let seen = 0;
      let now = 0;
      while (seen < 200) {
        const size = Math.min(batchSize(rng), 200 - seen);
        seen += size;
        applyBatch(d, batchLogFactors(bernoulliBatch(rng, 0.3, size), 0.1, 0), now);
        now += 1000;
        if (logMixture(d.logK) >= Math.log(100)) {
          hits++;
          break;
        }
      }
    }
    expect(hits / RUNS).toBeGreaterThanOrEqual(0.95);
  });

  // Guards "forgets healthy history": R restarts bets, so 3000 healthy observations (mean
  // θ − 0.05) cost it nothing, while every bet of K has lost wealth it must first win back.
  // A mutation that never restarts (R ≡ K) or restarts with the accumulated wealth fails this.
  it("after 3000 healthy observations, R detects a shift in at most half of K's delay (median of 50)", () => {
    const rng = createRng(4242);
    const theta = 0.2;
    const thrR = Math.log((3600 * 2) / 0.01);
    const thrK = Math.log(1 / 0.01);
    const delaysR: number[] = [];
    const delaysK: number[] = [];
    let healthyAlarms = 0;
    for (let r = 0; r < 50; r++) {
      const d = newDetectors();
      let now = 0;
      let seen = 0;
      while (seen < 3000) {
        const size = Math.min(batchSize(rng), 3000 - seen);
        seen += size;
        applyBatch(d, batchLogFactors(bernoulliBatch(rng, theta - 0.05, size), theta, 0), now);
        now += 1000;
        if (logMixture(d.logR) >= thrR || logMixture(d.logK) >= thrK) healthyAlarms++;
      }
      let post = 0;
      let dR = Infinity;
      let dK = Infinity;
      while (post < 20000 && (dR === Infinity || dK === Infinity)) {
        const size = batchSize(rng);
        post += size;
        applyBatch(d, batchLogFactors(bernoulliBatch(rng, theta + 0.2, size), theta, 0), now);
        now += 1000;
        if (dR === Infinity && logMixture(d.logR) >= thrR) dR = post;
        if (dK === Infinity && logMixture(d.logK) >= thrK) dK = post;
      }
      delaysR.push(dR);
      delaysK.push(dK);
    }
    const median = (v: number[]) => {
      const s = [...v].sort((a, b) => a - b);
      return (s[24] + s[25]) / 2;
    };
    expect(healthyAlarms).toBe(0);
    const mR = median(delaysR);
    const mK = median(delaysK);
    expect(Number.isFinite(mR)).toBe(true);
    expect(mR).toBeLessThanOrEqual(0.5 * mK);
  });
});
