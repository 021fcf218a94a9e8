import { describe, expect, it } from "vitest";
import { newcombeDifference, newcombePairedDifference, wilsonInterval } from "@/lib/stats/proportions";
import { binomial, createRng } from "@/lib/stats/prng";

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

describe("wilsonInterval — Newcombe (1998) 'Two-sided confidence intervals for the single proportion', Stat Med 17:857, Table I", () => {
  // [x, n, method 3 (score) lower, upper, method 4 (score, continuity-corrected) lower, upper]
  const table: [number, number, number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662, 0.2535, 0.3682],
    [15, 148, 0.0624, 0.1605, 0.0598, 0.1644],
    [0, 20, 0, 0.1611, 0, 0.2005],
    [1, 29, 0.0061, 0.1718, 0.0018, 0.1963],
  ];
  for (const [x, n, l3, u3, l4, u4] of table) {
    it(`${x}/${n}`, () => {
      const w = wilsonInterval(x, n);
      expect([round4(w.lower), round4(w.upper)]).toEqual([l3, u3]);
      const c = wilsonInterval(x, n, { continuityCorrection: true });
      expect([round4(c.lower), round4(c.upper)]).toEqual([l4, u4]);
      expect(w.estimate).toBe(x / n);
    });
  }
  it("rejects bad counts", () => {
    expect(() => wilsonInterval(5, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 3)).toThrow(RangeError);
  });
});

describe("newcombeDifference — Newcombe (1998) 'Interval estimation for the difference between independent proportions', Stat Med 17:873, Table II", () => {
  // [x1, n1, x2, n2, method 10 lower, upper, method 11 (CC) lower, upper]
  const table: [number, number, number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339, 0.0428, 0.3422],
    [9, 10, 3, 10, 0.1705, 0.809, 0.1013, 0.8387],
    [6, 7, 2, 7, 0.0582, 0.8062, -0.029, 0.8423],
    [5, 56, 0, 29, -0.0381, 0.1926, -0.0667, 0.2037],
    [0, 10, 0, 20, -0.1611, 0.2775, -0.2005, 0.3445],
    [0, 10, 0, 10, -0.2775, 0.2775, -0.3445, 0.3445],
    [10, 10, 0, 20, 0.6791, 1, 0.6014, 1],
    [10, 10, 0, 10, 0.6075, 1, 0.5128, 1],
  ];
  for (const [x1, n1, x2, n2, l10, u10, l11, u11] of table) {
    it(`${x1}/${n1} − ${x2}/${n2}`, () => {
      const m10 = newcombeDifference(x1, n1, x2, n2);
      expect([round4(m10.lower), round4(m10.upper)]).toEqual([l10, u10]);
      const m11 = newcombeDifference(x1, n1, x2, n2, { continuityCorrection: true });
      expect([round4(m11.lower), round4(m11.upper)]).toEqual([l11, u11]);
    });
  }
});

describe("newcombePairedDifference (Newcombe 1998, Stat Med 17:2635, method 10)", () => {
  it("reduces to square-and-add of the two Wilson half-widths when φ = 0", () => {
    // a·d = b·c = 12 → φ̂ = 0, so δ = √(dl1² + du2²), ε = √(du1² + dl2²).
    const t = { a: 2, b: 4, c: 3, d: 6 };
    const w1 = wilsonInterval(6, 15);
    const w2 = wilsonInterval(5, 15);
    const r = newcombePairedDifference(t);
    expect(r.estimate).toBeCloseTo(1 / 15, 14);
    expect(r.lower).toBeCloseTo(1 / 15 - Math.hypot(w1.estimate - w1.lower, w2.upper - w2.estimate), 14);
    expect(r.upper).toBeCloseTo(1 / 15 + Math.hypot(w1.upper - w1.estimate, w2.estimate - w2.lower), 14);
  });
  it("positive correlation narrows the interval", () => {
    const corr = newcombePairedDifference({ a: 40, b: 5, c: 2, d: 53 });
    const ind = newcombeDifference(45, 100, 42, 100);
    expect(corr.upper - corr.lower).toBeLessThan(ind.upper - ind.lower);
  });
  it("has ≈ nominal coverage for correlated pairs (Monte Carlo, seeded)", () => {
    // Cell probabilities: both 0.5, first-only 0.1, second-only 0.05, neither 0.35 → θ = 0.05.
    const rng = createRng(2024);
    const runs = 4000;
    let covered = 0;
    for (let i = 0; i < runs; i++) {
      const n = 80;
      const a = binomial(rng, n, 0.5);
      const b = binomial(rng, n - a, 0.1 / 0.5);
      const c = binomial(rng, n - a - b, 0.05 / 0.4);
      const r = newcombePairedDifference({ a, b, c, d: n - a - b - c });
      if (r.lower <= 0.05 && 0.05 <= r.upper) covered++;
    }
    // Newcombe reports coverage close to nominal for this method; MC sd ≈ 0.0035.
    expect(covered / runs).toBeGreaterThan(0.93);
    expect(covered / runs).toBeLessThan(0.975);
  });
});
