import { describe, expect, it } from "vitest";
import { countsFromMap, histogram, quantileBinEdges } from "@/lib/stats/histogram";
import { PSI_FLOOR, psi, psiFromCounts } from "@/lib/stats/psi";
import { jsDistance, jsDistanceFromCounts, jsDivergenceFromCounts } from "@/lib/stats/jensen-shannon";
import { ksStatistic, ksTest, ksTestFromCounts } from "@/lib/stats/ks";
import { kolmogorovCdf, kolmogorovSf } from "@/lib/stats/kolmogorov";
import { createRng, normalSampler } from "@/lib/stats/prng";

describe("bins from the reference window", () => {
  it("quantile edges and [e_i, e_{i+1}) binning", () => {
    const ref = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // Type-7 quantiles of 1..10 at 0.25, 0.5, 0.75: 3.25, 5.5, 7.75.
    const edges = quantileBinEdges(ref, 4);
    expect(edges).toEqual([3.25, 5.5, 7.75]);
    expect(histogram(ref, edges)).toEqual([3, 2, 2, 3]);
    expect(histogram([5.5, -100, 100], edges)).toEqual([1, 0, 1, 1]); // edge value goes right
    expect(quantileBinEdges([1, 1, 1, 1, 2], 4)).toEqual([1]); // tied quantiles collapse
    expect(countsFromMap(new Map([[0, 3], [2, 5]]), 4)).toEqual([3, 0, 5, 0]);
  });
});

describe("PSI", () => {
  it("hand-computed example", () => {
    // r = (0.5, 0.3, 0.2), c = (0.4, 0.3, 0.3):
    // (0.4−0.5)·ln(0.4/0.5) + 0 + (0.3−0.2)·ln(0.3/0.2) = 0.0223144 + 0.0405465 = 0.062860865942237417
    expect(psiFromCounts([50, 30, 20], [40, 30, 30])).toBeCloseTo(0.062860865942237417, 14);
  });
  it("empty bins: proportions floored at 1e-4 (documented epsilon rule)", () => {
    // r = (1, 0→1e-4), c = (0.5, 0.5): (0.5−1)·ln(0.5) + (0.5−1e-4)·ln(0.5/1e-4) = 4.6043184666689497
    expect(PSI_FLOOR).toBe(1e-4);
    expect(psiFromCounts([100, 0], [50, 50])).toBeCloseTo(4.6043184666689497, 12);
    expect(Number.isFinite(psiFromCounts([0, 10], [10, 0]))).toBe(true);
  });
  it("raw samples: ~0 for the same distribution, large for a shift", () => {
    const draw = normalSampler(createRng(1));
    const ref = Array.from({ length: 5000 }, () => draw());
    const same = Array.from({ length: 5000 }, () => draw());
    const shifted = Array.from({ length: 5000 }, () => draw(1, 1));
    expect(psi(ref, same)).toBeLessThan(0.02);
    expect(psi(ref, shifted)).toBeGreaterThan(0.25);
  });
});

describe("Jensen-Shannon (base 2)", () => {
  it("hand-computed example", () => {
    // P = (½, ½), Q = (1, 0), M = (¾, ¼). KL(P‖M) = ½log₂(2/3) + ½log₂2 = 1 − ½log₂3,
    // KL(Q‖M) = log₂(4/3) = 2 − log₂3, JSD = 1.5 − 0.75·log₂3 = 0.31127812445913286, distance = 0.55792304528414388.
    expect(jsDivergenceFromCounts([5, 5], [7, 0])).toBeCloseTo(0.31127812445913286, 14);
    expect(jsDistanceFromCounts([5, 5], [7, 0])).toBeCloseTo(0.55792304528414388, 14);
  });
  it("bounds: identical → 0, disjoint support → 1, symmetric", () => {
    expect(jsDistanceFromCounts([1, 2, 3], [2, 4, 6])).toBeCloseTo(0, 7);
    expect(jsDistanceFromCounts([4, 0, 0], [0, 1, 3])).toBe(1);
    expect(jsDistanceFromCounts([1, 5, 2], [3, 1, 1])).toBeCloseTo(jsDistanceFromCounts([3, 1, 1], [1, 5, 2]), 15);
    const draw = normalSampler(createRng(2));
    const ref = Array.from({ length: 2000 }, () => draw());
    expect(jsDistance(ref, Array.from({ length: 2000 }, () => draw(2, 1)))).toBeGreaterThan(0.5);
  });
});

describe("Kolmogorov distribution", () => {
  it("matches mpmath jtheta(4, 0, exp(−2x²)) (the theta-function form of K)", () => {
    const cases: [number, number][] = [
      [0.3, 9.3058013345666319e-6],
      [0.5, 0.036054756335124906],
      [0.8, 0.45585758842580185],
      [1.0, 0.73000032832264548],
      [1.2, 0.88775033332927504],
      [1.36, 0.95051412324462209], // textbook: P(K ≤ 1.36) ≈ 0.9505
      [2.5, 0.99999254669365584],
    ];
    for (const [x, ref] of cases) expect(Math.abs(kolmogorovCdf(x) - ref)).toBeLessThan(1e-14);
    // Tabulated critical values: K_0.95 = 1.3581, K_0.99 = 1.6276 (Smirnov 1948 tables).
    expect(kolmogorovCdf(1.3581)).toBeCloseTo(0.95, 6);
    expect(kolmogorovCdf(1.6276)).toBeCloseTo(0.99, 5);
    expect(kolmogorovSf(3)).toBeCloseTo(2 * Math.exp(-18), 20); // leading tail term dominates
    expect(kolmogorovCdf(0)).toBe(0);
  });
});

describe("two-sample KS", () => {
  it("hand example: x = 1..4, y = 2.5, 3.5, 5, 6, 7 → D = 0.6 at t = 4", () => {
    // F_x(4) − F_y(4) = 1 − 2/5 = 0.6; p = 1 − K(√(4·5/9)·0.6) = 1 − K(0.894427) = 0.40047103620845776 (mpmath).
    const r = ksTest([1, 2, 3, 4], [2.5, 3.5, 5, 6, 7]);
    expect(r.d).toBeCloseTo(0.6, 15);
    expect(r.pValue).toBeCloseTo(0.40047103620845776, 13);
  });
  it("ties across samples are stepped over together", () => {
    // F_x: 1→¼, 2→¾, 3→1; F_y: 2→⅔, 4→1. |diff| at 1: ¼, 2: 1/12, 3: ⅓, 4: 0 → D = 1/3.
    expect(ksStatistic([1, 2, 2, 3], [2, 2, 4])).toBeCloseTo(1 / 3, 15);
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
  });
  it("histogram version equals the raw D when each bin holds one distinct value, and is ≤ raw D otherwise", () => {
    const x = [1, 2, 3, 4];
    const y = [2.5, 3.5, 5, 6, 7];
    const edges = [1.5, 2.25, 2.75, 3.25, 3.75, 4.5, 5.5, 6.5];
    const fine = ksTestFromCounts(histogram(x, edges), histogram(y, edges));
    expect(fine.d).toBeCloseTo(0.6, 15);
    const coarse = ksTestFromCounts(histogram(x, [3]), histogram(y, [3]));
    expect(coarse.d).toBeLessThanOrEqual(0.6);
    expect(coarse.d).toBeCloseTo(0.5 - 0.2, 15); // F at edge 3: x has {1,2} = ½, y has {2.5} = ⅕
    expect(fine.n1).toBe(4);
  });
  it("the asymptotic p-value is ≈ uniform under H0 (rejects ≈ 5%)", () => {
    const draw = normalSampler(createRng(8));
    let rej = 0;
    const runs = 1000;
    for (let i = 0; i < runs; i++) {
      const a = Array.from({ length: 200 }, () => draw());
      const b = Array.from({ length: 150 }, () => draw());
      if (ksTest(a, b).pValue < 0.05) rej++;
    }
    // The asymptotic test is mildly conservative at these n; MC sd ≈ 0.007.
    expect(rej / runs).toBeGreaterThan(0.025);
    expect(rej / runs).toBeLessThan(0.07);
  });
});
