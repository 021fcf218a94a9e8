import { describe, expect, it } from "vitest";
import { median, quantile, quantiles } from "@/lib/stats/quantiles";

describe("quantile (R type 7)", () => {
  it("matches hand-computed R type-7 values", () => {
    const x = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]; // 1..10 shuffled
    // R: quantile(1:10, c(0, .1, .25, .5, .9, 1)) = 1, 1.9, 3.25, 5.5, 9.1, 10
    // (h = 9p: 0.9 → 1 + 0.9·1; 2.25 → 3 + 0.25; 4.5 → 5.5; 8.1 → 9.1)
    const got = quantiles(x, [0, 0.1, 0.25, 0.5, 0.9, 1]);
    const want = [1, 1.9, 3.25, 5.5, 9.1, 10];
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 12));
    expect(median([3, 1, 2])).toBe(2);
    expect(quantile([4], 0.3)).toBe(4);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
  });
});
