import { describe, expect, it } from "vitest";
import { meanInterval, meanTest, mergeStats, pairedDifferenceStats, sufficientStats, summarize } from "@/lib/stats/paired";

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
