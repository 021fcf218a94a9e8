import { describe, expect, it } from "vitest";
import { bhAdjust, bhReject } from "@/lib/stats/multiple-testing";

describe("Benjamini-Hochberg", () => {
  it("R: p.adjust(c(0.01, 0.04, 0.03, 0.005), 'BH') = 0.02 0.04 0.04 0.02", () => {
    // By hand: sorted 0.005, 0.01, 0.03, 0.04 → m·p/rank = 0.02, 0.02, 0.04, 0.04; cummin from the top keeps them.
    const adj = bhAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 14));
  });

  it("Benjamini & Hochberg (1995, JRSS-B 57:289) §4 example: 15 p-values, q = 0.05 rejects the 4 smallest", () => {
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];
    const rej = bhReject(p, 0.05);
    expect(rej.filter(Boolean).length).toBe(4);
    expect(rej.slice(0, 4).every(Boolean)).toBe(true);
    // Step-up by hand: 0.0095 ≤ 4·0.05/15 = 0.01333 but p_(k) > k·0.05/15 for every k ≥ 5.
    const adj = bhAdjust(p);
    expect(adj[3]).toBeCloseTo((15 / 4) * 0.0095, 14);
    expect(adj[14]).toBe(1);
  });

  it("monotone step-up, input order kept, caps at 1, NaN passes through", () => {
    const adj = bhAdjust([0.9, 0.01, NaN, 0.5]);
    // m = 3 non-NaN: sorted 0.01, 0.5, 0.9 → 0.03, 0.75, 0.9
    expect(adj[0]).toBeCloseTo(0.9, 14);
    expect(adj[1]).toBeCloseTo(0.03, 14);
    expect(Number.isNaN(adj[2])).toBe(true);
    expect(adj[3]).toBeCloseTo(0.75, 14);
    expect(bhAdjust([])).toEqual([]);
  });
});
