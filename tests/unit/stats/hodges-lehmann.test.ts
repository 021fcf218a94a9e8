import { describe, expect, it } from "vitest";
import { hodgesLehmann, kthPairwiseDifference } from "@/lib/stats/hodges-lehmann";
import { createRng, normalSampler } from "@/lib/stats/prng";

const X = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const Y = [1.15, 0.88, 0.9, 0.74, 1.21];

const allDiffs = (x: number[], y: number[]) => x.flatMap((a) => y.map((b) => a - b)).sort((a, b) => a - b);

describe("kthPairwiseDifference (selection without materialising n1·n2)", () => {
  it("agrees with brute-force sorting, including ties and duplicates", () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 30; trial++) {
      const n1 = 1 + Math.floor(rng.next() * 60);
      const n2 = 1 + Math.floor(rng.next() * 60);
      const coarse = trial % 3 === 0; // integer data → many tied differences
      const gen = () => (coarse ? Math.floor(rng.next() * 5) : rng.next() * 10 - 5);
      const x = Array.from({ length: n1 }, gen);
      const y = Array.from({ length: n2 }, gen);
      const d = allDiffs(x, y);
      for (const k of [1, Math.ceil(d.length / 3), Math.ceil(d.length / 2), d.length]) expect(kthPairwiseDifference(x, y, k)).toBe(d[k - 1]);
    }
  });
  it("handles large samples quickly (n1·n2 = 4·10^8)", () => {
    const draw = normalSampler(createRng(5));
    const x = Array.from({ length: 20_000 }, () => draw(1, 1));
    const y = Array.from({ length: 20_000 }, () => draw(0, 1));
    const t0 = performance.now();
    const est = hodgesLehmann(x, y);
    expect(performance.now() - t0).toBeLessThan(5000); // brute force would need 4·10^8 doubles
    expect(Math.abs(est.estimate - 1)).toBeLessThan(0.05); // shift is 1; se ≈ 0.012
    expect(est.lower).toBeLessThan(est.estimate);
    expect(est.upper).toBeGreaterThan(est.estimate);
  });
  it("rejects out-of-range k", () => expect(() => kthPairwiseDifference([1], [2], 2)).toThrow(RangeError));
});

describe("hodgesLehmann", () => {
  it("hand example: x = [1, 4, 6], y = [0, 2]", () => {
    // Differences: 1−0=1, 1−2=−1, 4−0=4, 4−2=2, 6−0=6, 6−2=4 → sorted −1,1,2,4,4,6 → median (2+4)/2 = 3.
    expect(hodgesLehmann([1, 4, 6], [0, 2]).estimate).toBe(3);
  });

  it("R wilcox.test example: estimate 0.305, 95% CI from order statistics 9 and 42", () => {
    const r = hodgesLehmann(X, Y);
    const d = allDiffs(X, Y);
    // Median of 50 differences = mean of the 25th and 26th (R: 'difference in location 0.305').
    expect(r.estimate).toBeCloseTo(0.305, 12);
    expect(r.estimate).toBe((d[24] + d[25]) / 2);
    // Normal approximation: k = floor(25 + 0.5 − 1.959964·√(50·16/12)) = floor(9.497) = 9.
    expect(r.rankLower).toBe(9);
    expect(r.rankUpper).toBe(42);
    // Independent check: brute-force exact null distribution of U (all C(15,5) = 3003 splits of ranks)
    // gives R's qwilcox(0.025, 10, 5) = 9 (P(U ≤ 8) = 0.01998, P(U ≤ 9) = 0.02764), so R's exact CI is
    // (D_(9), D_(42)) = (−0.15, 0.76) — the same order statistics as ours.
    const counts = new Map<number, number>();
    const pick: number[] = [];
    const rec = (start: number) => {
      if (pick.length === 5) {
        const u = pick.reduce((s, r2) => s + r2, 0) - 15; // rank-sum of y minus 5·6/2 = U for y
        counts.set(u, (counts.get(u) ?? 0) + 1);
        return;
      }
      for (let r2 = start; r2 <= 15; r2++) {
        pick.push(r2);
        rec(r2 + 1);
        pick.pop();
      }
    };
    rec(1);
    let cum = 0;
    let qwilcox = -1;
    for (let q = 0; q <= 50 && qwilcox < 0; q++) {
      cum += counts.get(q) ?? 0;
      if (cum / 3003 >= 0.025) qwilcox = q;
    }
    expect(qwilcox).toBe(9);
    expect(r.lower).toBe(d[qwilcox - 1]);
    expect(r.upper).toBe(d[50 - qwilcox]);
    expect(r.lower).toBeCloseTo(-0.15, 12);
    expect(r.upper).toBeCloseTo(0.76, 12);
  });

  it("the 95% interval covers the true shift ≈ 95% of the time (Monte Carlo)", () => {
    const rng = createRng(99);
    const draw = normalSampler(rng);
    let covered = 0;
    const runs = 1000;
    for (let i = 0; i < runs; i++) {
      const x = Array.from({ length: 30 }, () => draw(0.5, 1));
      const y = Array.from({ length: 25 }, () => draw(0, 1));
      const r = hodgesLehmann(x, y);
      if (r.lower <= 0.5 && 0.5 <= r.upper) covered++;
    }
    // Order-statistic intervals are slightly conservative; sd of the rate ≈ 0.007.
    expect(covered / runs).toBeGreaterThan(0.93);
    expect(covered / runs).toBeLessThan(0.975);
  });
});
