import { describe, expect, it } from "vitest";
import {
  alwaysValidPValue,
  confidenceSequence,
  meanConfidenceSequence,
  mixtureLogLikelihoodRatio,
  normalMixtureBoundary,
  optimalRho,
  proportionDifferenceConfidenceSequence,
  rhoForSampleSize,
  tau2FromRho,
  differenceConfidenceSequence,
  twoArmInput,
} from "@/lib/stats/sequential";
import { bernoulli, createRng, normalSampler } from "@/lib/stats/prng";

const ALPHA = 0.05;

/** Simpson's rule on [a, b] with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe("normal-mixture boundary (derived independently by numerical integration)", () => {
  it("at |S| = boundary the mixture ∫ exp(λS − λ²V/2) N(λ; 0, 1/ρ) dλ equals exactly 1/α", () => {
    for (const [v, rho] of [[100, 10], [2000, 300], [5, 50]]) {
      const s = normalMixtureBoundary(v, rho, ALPHA);
      const sd = 1 / Math.sqrt(rho);
      const mix = simpson((l) => Math.exp(l * s - (l * l * v) / 2 - (l * l * rho) / 2) * Math.sqrt(rho / (2 * Math.PI)), -12 * sd, 12 * sd, 20_000);
      expect(mix * ALPHA).toBeCloseTo(1, 6);
    }
  });

  it("optimalRho minimises the boundary at the target time (grid search) and is near Howard et al.'s closed form", () => {
    const v = 1000;
    const rho = optimalRho(v, ALPHA);
    let best = Infinity;
    let bestRho = NaN;
    for (let r = 1; r <= 1000; r += 0.05) {
      const b = normalMixtureBoundary(v, r, ALPHA);
      if (b < best) [best, bestRho] = [b, r];
    }
    expect(Math.abs(rho - bestRho)).toBeLessThan(0.1);
    const l = 2 * Math.log(1 / ALPHA);
    expect(rho / (v / (l + Math.log(1 + l)))).toBeCloseTo(1, 1); // one-step approximation, within ~5%
    expect(rhoForSampleSize(500, 2, ALPHA)).toBeCloseTo(rho, 10);
  });

  it("mSPRT Λ equals the Gaussian-prior likelihood ratio (numerical integration over θ ~ N(0, τ²))", () => {
    const input = { n: 50, estimate: 0.3, sigma2: 2 };
    const tau2 = 0.04;
    // LR(θ) = exp(n(θ·x̄ − θ²/2)/σ²) for the sufficient statistic x̄ ~ N(θ, σ²/n).
    const lr = (t: number) => Math.exp((input.n * (t * input.estimate - (t * t) / 2)) / input.sigma2);
    const sd = Math.sqrt(tau2);
    const mix = simpson((t) => lr(t) * Math.exp(-(t * t) / (2 * tau2)) / (sd * Math.sqrt(2 * Math.PI)), -12 * sd, 12 * sd, 20_000);
    expect(mixtureLogLikelihoodRatio(input, tau2)).toBeCloseTo(Math.log(mix), 8);
  });

  it("always-valid p ≤ α exactly when 0 leaves the confidence sequence (ρ = σ⁴/τ²)", () => {
    const sigma2 = 1.5;
    const rho = rhoForSampleSize(400, sigma2, ALPHA);
    const tau2 = tau2FromRho(rho, sigma2);
    for (const n of [10, 100, 1000]) {
      for (const est of [0.01, 0.05, 0.1, 0.2, 0.4]) {
        const cs = confidenceSequence({ n, estimate: est, sigma2 }, { alpha: ALPHA, rho });
        const p = alwaysValidPValue({ n, estimate: est, sigma2 }, { tau2 });
        expect(cs.lower > 0).toBe(p < ALPHA);
      }
    }
  });

  it("two arms: with n1 = n2 the proxy is σ1² + σ2² per pair; proportions use σ² = ¼ per arm", () => {
    const inp = twoArmInput({ n: 400, mean: 0.7, sigma2: 1 }, { n: 400, mean: 0.5, sigma2: 3 });
    expect(inp.n).toBeCloseTo(400, 9);
    expect(inp.sigma2).toBe(4);
    expect(inp.estimate).toBeCloseTo(0.2, 15);
    const a = proportionDifferenceConfidenceSequence(300, 1000, 250, 1000, { alpha: ALPHA, rho: 100 });
    const b = confidenceSequence({ n: 1000, estimate: 0.05, sigma2: 0.5 }, { alpha: ALPHA, rho: 100 });
    expect(a.radius).toBeCloseTo(b.radius, 12);
    expect(a.estimate).toBeCloseTo(0.05, 15);
  });
});

describe("tiny α: boundary computed in log space (no α² underflow)", () => {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  // Reference: the same closed form evaluated with mpmath 1.3 at mp.dps = 50,
  //   radius = sqrt((v+ρ)·mp.log((v+ρ)/(ρ·α²)))/n, v = σ²·n,
  // with α the double nearest the literal; default ρ = v_target/r⁻¹, r⁻¹ = mp.findroot(i − l − log1p(i)),
  // l = −2·mp.log(α), v_target = 1000·σ². Before the fix every α < ~1e-154 gave radius = +∞.
  it("confidenceSequence radius at α = 1e-160, 1e-250, 1e-300 and (unchanged) 0.05", () => {
    const cases: [alpha: number, fixedRho: number, defaultRho: number][] = [
      [1e-160, 1.260913600453262, 0.9650275316825218],
      [1e-250, 1.5751201664624523, 1.204123741130992],
      [1e-300, 1.725125889258643, 1.318318580025269],
      [0.05, 0.13640459158102738, 0.110190244241879],
    ];
    for (const [alpha, fixed, dflt] of cases) {
      const a = confidenceSequence({ n: 1000, estimate: 0.3, sigma2: 2 }, { alpha, rho: 150 });
      expect(rel(a.radius, fixed), `alpha=${alpha}, rho=150`).toBeLessThan(1e-14);
      expect(a.lower).toBeCloseTo(0.3 - fixed, 14);
      const b = confidenceSequence({ n: 400, estimate: -1.2, sigma2: 0.5 }, { alpha });
      expect(rel(b.radius, dflt), `alpha=${alpha}, default rho`).toBeLessThan(1e-13);
    }
  });
  it("normalMixtureBoundary stays finite where (v+ρ)/(ρα²) itself overflows", () => {
    // mpmath: sqrt((v+rho)*log((v+rho)/(rho*alpha**2))) at mp.dps = 50
    const cases: [v: number, rho: number, alpha: number, ref: number][] = [
      [1e11, 0.5, 1e-150, 8466387.134458814], // α² is fine here, the ratio overflows
      [0, 3, 1e-300, 64.37898078868042],
      [5, 50, 1e-300, 275.66383536599926],
      [100, 10, 0.05, 30.37811021425952],
      [2000, 300, 0.05, 135.8867060865365],
    ];
    for (const [v, rho, alpha, ref] of cases) expect(rel(normalMixtureBoundary(v, rho, alpha), ref), `v=${v}, rho=${rho}, alpha=${alpha}`).toBeLessThan(1e-14);
  });
});

/**
 * Continuous monitoring after every observation up to N, RUNS runs, seeded. Returns the
 * fraction of runs in which `rejects(n, ...)` ever fired.
 */
function crossingRate(runs: number, horizon: number, seed: number, step: (n: number, draw: () => number) => boolean, drawFactory: (seed: number) => () => number): number {
  let crossed = 0;
  for (let r = 0; r < runs; r++) {
    const draw = drawFactory(seed + r);
    for (let n = 1; n <= horizon; n++) {
      if (step(n, draw)) {
        crossed++;
        break;
      }
    }
  }
  return crossed / runs;
}

describe("always-valid under continuous monitoring (Monte Carlo, seeded)", () => {
  const RUNS = 2000;
  const N = 2000;
  // MC tolerance: sd of a rate near 0.05 over 2000 runs ≈ 0.005; allow 3 sd.
  const TOL = 0.015;

  it("H0, Gaussian paired differences with known σ: CS excludes 0 at some n in ≤ α of runs; a naive z-test peeking every step does not", () => {
    const sigma2 = 1;
    const rho = rhoForSampleSize(500, sigma2, ALPHA);
    let sum = 0;
    let sumNaive = 0;
    const csRate = crossingRate(RUNS, N, 1, (n, draw) => {
      if (n === 1) sum = 0;
      sum += draw();
      const cs = confidenceSequence({ n, estimate: sum / n, sigma2 }, { alpha: ALPHA, rho });
      return cs.lower > 0 || cs.upper < 0;
    }, (s) => normalSampler(createRng(s)));
    expect(csRate).toBeLessThanOrEqual(ALPHA + TOL);
    const naive = crossingRate(500, N, 1, (n, draw) => {
      if (n === 1) sumNaive = 0;
      sumNaive += draw();
      return Math.abs(sumNaive / Math.sqrt(n)) > 1.959963984540054;
    }, (s) => normalSampler(createRng(s)));
    expect(naive).toBeGreaterThan(0.25); // peeking inflates the fixed-n test's error many-fold
  });

  it("H0, two independent Bernoulli arms (p = 0.3 each), proportion-difference CS with the σ² = ¼ bound", () => {
    let x1 = 0;
    let x2 = 0;
    const rho = rhoForSampleSize(500, 0.5, ALPHA);
    const rate = crossingRate(RUNS, N, 10_000, (n, u) => {
      if (n === 1) x1 = x2 = 0;
      x1 += u() < 0.3 ? 1 : 0;
      x2 += u() < 0.3 ? 1 : 0;
      const cs = proportionDifferenceConfidenceSequence(x1, n, x2, n, { alpha: ALPHA, rho });
      return cs.lower > 0 || cs.upper < 0;
    }, (s) => {
      const rng = createRng(s);
      return () => rng.next();
    });
    expect(rate).toBeLessThanOrEqual(ALPHA + TOL);
  });

  it("H0, mSPRT always-valid p-value with plug-in variance (burn-in 20) stays ≤ α; under a 0.15σ shift it rejects in most runs", () => {
    const runOnce = (shift: number, runs: number, seed: number) => {
      let s = 0;
      let ss = 0;
      let p = 1;
      const sigmaPrior = 0.1; // τ = expected effect size scale
      return crossingRate(runs, N, seed, (n, draw) => {
        if (n === 1) {
          s = ss = 0;
          p = 1;
        }
        const x = draw() + shift;
        s += x;
        ss += x * x;
        if (n < 20) return false;
        const mean = s / n;
        const sigma2 = (ss - n * mean * mean) / (n - 1);
        p = alwaysValidPValue({ n, estimate: mean, sigma2 }, { tau2: sigmaPrior ** 2, previousP: p });
        return p <= ALPHA;
      }, (sd) => normalSampler(createRng(sd)));
    };
    expect(runOnce(0, RUNS, 20_000)).toBeLessThanOrEqual(ALPHA + TOL);
    expect(runOnce(0.15, 300, 30_000)).toBeGreaterThan(0.8);
  });

  it("detects a real shift with the CS from rollup sums (meanConfidenceSequence, known σ)", () => {
    const rho = rhoForSampleSize(500, 1, ALPHA);
    let sum = 0;
    let sumSq = 0;
    const power = crossingRate(300, N, 40_000, (n, draw) => {
      if (n === 1) sum = sumSq = 0;
      const x = draw() + 0.15;
      sum += x;
      sumSq += x * x;
      const cs = meanConfidenceSequence({ n, sum, sumSq }, { alpha: ALPHA, rho, sigma2: 1 });
      return cs.lower > 0;
    }, (s) => normalSampler(createRng(s)));
    expect(power).toBeGreaterThan(0.8);
    // Unequal arms: variance of the estimator is preserved by the effective n.
    const d = differenceConfidenceSequence({ n: 100, mean: 1, sigma2: 1 }, { n: 300, mean: 0, sigma2: 1 }, { rho: 50 });
    const eff = twoArmInput({ n: 100, mean: 1, sigma2: 1 }, { n: 300, mean: 0, sigma2: 1 });
    expect(eff.sigma2 / eff.n).toBeCloseTo(1 / 100 + 1 / 300, 15);
    expect(d.upper - d.lower).toBeCloseTo(2 * d.radius, 15);
  });
});
