import { describe, expect, it } from "vitest";
import { mannWhitneyU } from "@/lib/stats/mann-whitney";
import { averageRanks } from "@/lib/stats/ranks";

// R ?wilcox.test example (Hollander & Wolfe 1973, p. 69/110): permeability constants.
const X = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const Y = [1.15, 0.88, 0.9, 0.74, 1.21];
const LESS_P = 0.90077534820399384; // mpmath: ncdf(10.5 / sqrt(200/3))

/** All C(N, n1) ways to choose which pooled scores belong to x: the exact permutation distribution of U. */
function permutationUs(pooled: number[], n1: number): number[] {
  const us: number[] = [];
  const pick: number[] = [];
  const rec = (start: number) => {
    if (pick.length === n1) {
      const inX = new Set(pick);
      let u = 0;
      for (const i of pick) for (let j = 0; j < pooled.length; j++) if (!inX.has(j)) u += pooled[i] > pooled[j] ? 1 : pooled[i] === pooled[j] ? 0.5 : 0;
      us.push(u);
      return;
    }
    for (let i = start; i < pooled.length; i++) {
      pick.push(i);
      rec(i + 1);
      pick.pop();
    }
  };
  rec(0);
  return us;
}

describe("averageRanks", () => {
  it("averages tied ranks", () => {
    const { ranks, tieSizes } = averageRanks([10, 20, 20, 5, 20]);
    expect(Array.from(ranks)).toEqual([2, 4, 4, 1, 4]);
    expect(tieSizes).toEqual([3]);
  });
});

describe("mannWhitneyU", () => {
  it("R's wilcox.test example: W = 35; normal approximation p from first principles", () => {
    const r = mannWhitneyU(X, Y);
    expect(r.u1).toBe(35); // R prints W = 35
    expect(r.u2).toBe(15);
    // No ties: σ² = n1·n2·(N+1)/12 = 50·16/12; z = (35 − 25 − 0.5)/σ = 1.1635076278220096.
    // Two-sided p = 2·(1 − Φ(z)) = 0.24462360512698332 (mpmath). NOTE: the brief recalled 0.2537 for
    // exact=FALSE, correct=TRUE; careful computation gives 0.2446 — 0.2544 is R's *exact* p (checked below).
    expect(r.z).toBeCloseTo(9.5 / Math.sqrt(200 / 3), 14);
    expect(r.pValue).toBeCloseTo(0.24462360512698332, 12);
    // R doc: wilcox.test(x, y, alternative = "greater") → exact p = 0.1272; normal approx = half the two-sided value.
    expect(mannWhitneyU(X, Y, { alternative: "greater" }).pValue).toBeCloseTo(0.12231180256349166, 12);
    // 'less': z = (35 − 25 + 0.5)/σ, p = Φ(z) = LESS_P (mpmath).
    expect(mannWhitneyU(X, Y, { alternative: "less" }).pValue).toBeCloseTo(LESS_P, 12);
  });

  it("exact permutation p for the same data (brute force) is 0.2544, as R's exact test reports", () => {
    const us = permutationUs([...X, ...Y], X.length); // 3003 splits
    const atLeast = us.filter((u) => u >= 35).length;
    expect(us.length).toBe(3003);
    expect(atLeast).toBe(382);
    expect((2 * atLeast) / us.length).toBeCloseTo(0.2544, 4); // R: p-value = 0.2544
    // The normal approximation should be in the neighbourhood of the exact value.
    expect(Math.abs(mannWhitneyU(X, Y).pValue - (2 * atLeast) / us.length)).toBeLessThan(0.02);
  });

  it("tie-corrected variance equals the exact permutation variance (brute force)", () => {
    const x = [1, 2, 2, 3, 5, 5];
    const y = [2, 3, 3, 5, 7];
    const us = permutationUs([...x, ...y], x.length);
    const mean = us.reduce((s, u) => s + u, 0) / us.length;
    const variance = us.reduce((s, u) => s + (u - mean) ** 2, 0) / us.length;
    const r = mannWhitneyU(x, y, { correct: false });
    // U1 by direct pair counting (x > y counts 1, ties ½).
    let u = 0;
    for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
    expect(r.u1).toBe(u);
    expect(mean).toBeCloseTo(15, 12);
    expect(r.z).toBeCloseTo((u - mean) / Math.sqrt(variance), 12);
  });

  it("continuity correction and alternatives", () => {
    const x = [5.1, 6.2, 7.3, 8.4];
    const y = [1, 2, 3, 4.5, 5];
    const two = mannWhitneyU(x, y);
    const g = mannWhitneyU(x, y, { alternative: "greater" });
    const l = mannWhitneyU(x, y, { alternative: "less" });
    expect(two.u1).toBe(20); // every x exceeds every y
    const sigma = Math.sqrt((20 * 10) / 12);
    expect(g.z).toBeCloseTo((20 - 10 - 0.5) / sigma, 12);
    expect(l.z).toBeCloseTo((20 - 10 + 0.5) / sigma, 12);
    expect(two.pValue).toBeCloseTo(2 * g.pValue, 12);
    expect(l.pValue).toBeGreaterThan(0.99);
    expect(mannWhitneyU([1, 1], [1, 1, 1]).pValue).toBe(1); // all tied
  });
});
