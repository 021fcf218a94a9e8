import { describe, expect, it } from "vitest";
import { meanInterval, meanTest, mergeStats, pairedDifferenceStats, sufficientStats, summarize } from "@/lib/stats/paired";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

// R's sleep data (Cushny & Peebles; R datasets::sleep), extra hours by drug group.
const G1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const G2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("paired t from sufficient statistics", () => {
  it("R: t.test(extra ~ group, data = sleep, paired = TRUE)", () => {
    // R output: t = -4.0621, df = 9, p-value = 0.002833,
    // 95 percent CI -2.4598858 -0.7001142, mean difference -1.58.
    // mpmath (40 digits) gives t = -4.0621276833820361, p = 0.0028328901973842727,
    // CI = (-2.4598857632769828, -0.70011423672301720), sd = 1.2299954832798732.
    const s = pairedDifferenceStats(G1, G2);
    const ci = meanInterval(s);
    expect(ci.mean).toBeCloseTo(-1.58, 12);
    expect(ci.sd).toBeCloseTo(1.2299954832798732, 12);
    expect(ci.df).toBe(9);
    expect(ci.lower).toBeCloseTo(-2.4598857632769828, 11);
    expect(ci.upper).toBeCloseTo(-0.7001142367230172, 11);
    const t = meanTest(s);
    expect(t.statistic).toBeCloseTo(-4.0621276833820361, 11);
    expect(t.pValue).toBeCloseTo(0.0028328901973842727, 13);
    expect(meanTest(s, { alternative: "less" }).pValue).toBeCloseTo(0.0028328901973842727 / 2, 13);
    expect(meanTest(s, { alternative: "greater" }).pValue).toBeCloseTo(1 - 0.0028328901973842727 / 2, 13);
  });

  it("per-minute rollups merge to the same answer as the raw differences", () => {
    const d = G1.map((v, i) => v - G2[i]);
    const merged = mergeStats(sufficientStats(d.slice(0, 3)), sufficientStats(d.slice(3, 7)), sufficientStats(d.slice(7)));
    expect(merged.n).toBe(10);
    expect(summarize(merged).sd).toBeCloseTo(summarize(sufficientStats(d)).sd, 13);
  });

  it("normal method uses z and degenerate cases are NaN, not exceptions", () => {
    const s = { n: 4, sum: 2, sumSq: 5 }; // mean 0.5, var (5 − 1)/3 = 4/3
    const ci = meanInterval(s, { method: "normal", confLevel: 0.9 });
    const se = Math.sqrt(4 / 3 / 4);
    expect(ci.upper - ci.mean).toBeCloseTo(1.6448536269514722 * se, 12); // R: qnorm(0.95) = 1.644853626951472
    expect(Number.isNaN(summarize({ n: 1, sum: 3, sumSq: 9 }).sd)).toBe(true);
    expect(() => pairedDifferenceStats([1, 2], [1])).toThrow(RangeError);
  });
});

describe("normal cases match SciPy", () => {
  it("scipy.stats.ttest_1samp(X, 3.0, alternative=…) (SciPy 1.17)", () => {
    const X = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 4.9];
    const s = sufficientStats(X);
    expect(rel(summarize(s).sd, 1.32125481483107)).toBeLessThan(1e-13); // numpy.std(X, ddof=1)
    // scipy.stats.ttest_1samp(X, 3.0): statistic 1.1773920527277706, df 7
    const two = meanTest(s, { mu0: 3 });
    expect(two.df).toBe(7);
    expect(rel(two.statistic, 1.1773920527277706)).toBeLessThan(1e-12);
    expect(rel(two.pValue, 0.2775152233122092)).toBeLessThan(1e-12);
    expect(rel(meanTest(s, { mu0: 3, alternative: "greater" }).pValue, 0.1387576116561046)).toBeLessThan(1e-12);
    expect(rel(meanTest(s, { mu0: 3, alternative: "less" }).pValue, 0.8612423883438954)).toBeLessThan(1e-12);
  });
  it("scipy.stats.ttest_rel(a, b, alternative=…) on pairs with a large common offset", () => {
    const a = [1000.12, 1000.37, 999.95, 1000.41, 1000.08, 1000.26];
    const b = [1000.05, 1000.3, 999.97, 1000.22, 1000.11, 1000.14];
    const s = pairedDifferenceStats(a, b);
    expect(rel(summarize(s).sd, 0.08358628276614707)).toBeLessThan(1e-12); // numpy.std(a − b, ddof=1)
    // scipy.stats.ttest_rel(a, b): statistic 1.9536616629124643, p 0.10816190592730884, df 5
    const two = meanTest(s);
    expect(rel(two.statistic, 1.9536616629124643)).toBeLessThan(1e-12);
    expect(rel(two.pValue, 0.10816190592730884)).toBeLessThan(1e-12);
    expect(rel(meanTest(s, { alternative: "greater" }).pValue, 0.05408095296365442)).toBeLessThan(1e-12);
    expect(rel(meanTest(s, { alternative: "less" }).pValue, 0.9459190470363456)).toBeLessThan(1e-12);
  });
});

describe("zero observed variance", () => {
  const constant = (v: number, n: number) => sufficientStats(new Array<number>(n).fill(v));

  it("a constant array has exactly zero variance (two-pass sums), not rounding noise", () => {
    // Naive Σx, Σx² of 0.1 × 1000 give sd ≈ 1.07e-8 (and SciPy's ttest_1samp(full(1000, 0.1), 0.1)
    // reports p = 1.5e-152 with a catastrophic-cancellation warning). The exact answer is 0.
    for (const [v, n] of [[0.1, 1000], [0.7, 1000], [1e6 + 0.1, 1000], [-3.3, 7], [1 / 3, 2]] as const) {
      const s = constant(v, n);
      const sum = summarize(s);
      expect(sum.sd, `sd of ${v} × ${n}`).toBe(0);
      expect(sum.mean).toBe(v);
      expect(s.sumSq - (s.sum * s.sum) / s.n).toBe(0);
    }
    // merged rollups of a constant stream stay at zero too (the centred sum is within the rounding floor)
    expect(summarize(mergeStats(constant(0.1, 300), constant(0.1, 700), constant(0.1, 1))).sd).toBe(0);
  });

  it("constant sample equal to mu0: t = 0, p = 1 (two-sided), ½ (one-sided) — never 0 or NaN", () => {
    for (const [v, n] of [[0.1, 1000], [0.7, 1000], [3, 1000], [-2.5, 2]] as const) {
      for (const method of ["t", "normal"] as const) {
        const t = meanTest(constant(v, n), { mu0: v, method });
        expect(t.sd).toBe(0);
        expect(t.statistic).toBe(0);
        expect(t.pValue).toBe(1);
        expect(meanTest(constant(v, n), { mu0: v, method, alternative: "greater" }).pValue).toBe(0.5);
        expect(meanTest(constant(v, n), { mu0: v, method, alternative: "less" }).pValue).toBe(0.5);
      }
    }
    // A rollup summed naively elsewhere: Σ of 0.7 × 1000 = 700.0000000000064, so mean ≠ 0.7 by 6.4e-15
    // and sumSq − sum²/n ≤ 0. The old code returned t = +∞, p = 0 here.
    const naive = { n: 1000, sum: 700.0000000000064, sumSq: 490.00000000000614 };
    expect(meanTest(naive, { mu0: 0.7 }).pValue).toBe(1);
  });

  it("identical pairs (all differences 0) give p = 1, not NaN", () => {
    const a = [12.5, 13.1, 9.8, 11.0, 10.4];
    const t = meanTest(pairedDifferenceStats(a, a));
    expect(t.mean).toBe(0);
    expect(t.sd).toBe(0);
    expect(t.statistic).toBe(0);
    expect(t.pValue).toBe(1);
    expect(meanTest(pairedDifferenceStats(a, a), { alternative: "greater" }).pValue).toBe(0.5);
  });

  it("constant sample away from mu0: strong evidence, but p > 0 while a spread could hide in the rounding", () => {
    // se is taken as the largest one the sums cannot distinguish from 0: √(4ε·Σx²/(n−1)/n).
    const s = constant(5, 3);
    const two = meanTest(s);
    expect(two.sd).toBe(0);
    expect(two.statistic).toBeGreaterThan(1e7);
    expect(two.pValue).toBeGreaterThan(0);
    expect(two.pValue).toBeLessThan(1e-12);
    expect(meanTest(s, { alternative: "less" }).pValue).toBeGreaterThan(1 - 1e-12);
    // Exactly-zero sums admit no hidden spread: the exact limit t = −∞ applies.
    const zeros = meanTest(constant(0, 4), { mu0: 1 });
    expect(zeros.statistic).toBe(-Infinity);
    expect(zeros.pValue).toBe(0);
  });
});
