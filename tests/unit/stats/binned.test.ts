// The binned statistics must equal the sample statistics on the expanded data: that is the
// independent reference here (the sample versions are themselves tested against R/textbooks).
import { describe, expect, it } from "vitest";
import {
  binnedHodgesLehmann,
  binnedMannWhitneyGreater,
  binnedQuantileInterval,
  createRng,
  hodgesLehmann,
  mannWhitneyU,
  normalSampler,
  type Binned,
} from "@/lib/stats";
import { quantileInterval } from "@/lib/stats/quantile-interval";

function binned(values: number[]): Binned {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  const bins = [...m.keys()].sort((a, b) => a - b);
  return { bins, counts: bins.map((b) => m.get(b)!) };
}

function draw(seed: number, n: number, mean: number, sd: number): number[] {
  const normal = normalSampler(createRng(seed));
  return Array.from({ length: n }, () => Math.round(mean + sd * normal()));
}

describe("binned statistics equal the sample statistics on expanded data", () => {
  const cases = [
    [draw(1, 120, 200, 12), draw(2, 90, 204, 15)],
    [draw(3, 301, 50, 3), draw(4, 299, 50, 3)],
    [draw(5, 40, 10, 1), draw(6, 55, 12, 2)],
  ] as const;

  it.each(cases.map((c, i) => [i, c[0], c[1]] as const))("Hodges-Lehmann, case %i", (_i, x, y) => {
    const b = binnedHodgesLehmann(binned([...x]), binned([...y]), 0.95);
    const s = hodgesLehmann(x, y, { confLevel: 0.95 });
    expect(b.estimate).toBe(s.estimate);
    expect(b.lower).toBe(s.lower);
    expect(b.upper).toBe(s.upper);
  });

  it.each(cases.map((c, i) => [i, c[0], c[1]] as const))("Mann-Whitney with a shift, case %i", (_i, x, y) => {
    for (const shift of [0, 2, 2.5, -3]) {
      const b = binnedMannWhitneyGreater(binned([...x]), binned([...y]), shift);
      const s = mannWhitneyU(x.map((v) => v - shift), y, { alternative: "greater" });
      expect(b.u1).toBeCloseTo(s.u1, 9);
      expect(b.z).toBeCloseTo(s.z, 9);
      expect(b.pValue).toBeCloseTo(s.pValue, 12);
    }
  });

  it("quantile interval bounds are the sample's order statistics", () => {
    const x = draw(7, 2000, 300, 40);
    const sorted = [...x].sort((a, b) => a - b);
    for (const p of [0.5, 0.95, 0.99]) {
      const b = binnedQuantileInterval(binned(x), p, 0.95);
      const s = quantileInterval(sorted, p, 0.95);
      expect(b.lower).toBe(s.lower);
      expect(b.upper).toBe(s.upper);
      expect(b.estimate).toBe(sorted[Math.ceil(2000 * p) - 1]);
    }
  });
});
