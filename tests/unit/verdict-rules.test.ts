import { describe, expect, it } from "vitest";
import { decide } from "@/lib/verdict/rules";
import { etaSeconds } from "@/lib/verdict/eta";
import type { MetricComparison } from "@/lib/verdict/types";

function cmp(lower: number, upper: number, opts: Partial<MetricComparison> = {}): MetricComparison {
  return {
    metric: "error_rate",
    baseline: 0.01,
    canary: 0.01 + (lower + upper) / 2,
    delta: (lower + upper) / 2,
    degradation: { estimate: (lower + upper) / 2, lower, upper },
    allowed: 0.005,
    pValue: 0.001,
    n: { baseline: 1000, canary: 1000 },
    method: "always-valid",
    unit: "ratio",
    ...opts,
  };
}

describe("decide", () => {
  const fdr = { adjustedP: 0.001, q: 0.05 };
  it("passes only when the whole interval is inside the allowance", () => {
    expect(decide(cmp(-0.002, 0.004), 200, fdr).status).toBe("pass");
    expect(decide(cmp(-0.002, 0.006), 200, fdr).status).toBe("insufficient_data");
  });
  it("fails when the whole interval is beyond the allowance and BH keeps it", () => {
    expect(decide(cmp(0.006, 0.02), 200, fdr)).toEqual({ status: "fail", why: "beyond" });
    expect(decide(cmp(0.006, 0.02), 200, { adjustedP: 0.2, q: 0.05 })).toEqual({ status: "marginal", why: "not_significant" });
    expect(decide(cmp(0.006, 0.02), 200, null).status).toBe("fail");
  });
  it("is marginal when a real degradation probably exceeds the allowance", () => {
    // estimate 0.0065 > allowed 0.005, lower bound above 0
    expect(decide(cmp(0.004, 0.009), 200, fdr)).toEqual({ status: "marginal", why: "straddles" });
  });
  it("does not flag a real degradation that is probably within the allowance", () => {
    // estimate 0.0045 ≤ allowed 0.005: not yet shown within δ, so insufficient, never marginal or pass
    expect(decide(cmp(0.001, 0.008), 200, fdr)).toEqual({ status: "insufficient_data", why: "too_wide" });
  });
  it("never passes a wide interval: straddling 0 and δ is insufficient data", () => {
    expect(decide(cmp(-0.5, 0.5), 200, fdr)).toEqual({ status: "insufficient_data", why: "too_wide" });
  });
  it("is insufficient below min_samples or without data", () => {
    expect(decide(cmp(-0.002, 0.001, { n: { baseline: 1000, canary: 150 } }), 200, fdr)).toEqual({ status: "insufficient_data", why: "samples" });
    expect(decide(cmp(0, 0, { degradation: null, unavailable: "no reference" }), 200, fdr).why).toBe("unavailable");
  });
});

describe("etaSeconds", () => {
  it("waits for the slower arm to reach min_samples", () => {
    // canary: 50 of 200 at 10/min → 15 min; baseline already there.
    expect(etaSeconds({ n: { baseline: 500, canary: 50 }, ratePerMinute: { baseline: 100, canary: 10 }, minSamples: 200 })).toBe(900);
  });
  it("is null with no traffic", () => {
    expect(etaSeconds({ n: { baseline: 500, canary: 0 }, ratePerMinute: { baseline: 100, canary: 0 }, minSamples: 200 })).toBeNull();
  });
  it("scales n by (half-width / gap)² for a too-wide interval", () => {
    // half-width 0.02, gap |0.01 − 0.02| = 0.01 → factor 4 → 3 × 1000 more at 100/min = 30 min.
    const s = etaSeconds({
      n: { baseline: 1000, canary: 1000 },
      ratePerMinute: { baseline: 100, canary: 100 },
      minSamples: 200,
      degradation: { estimate: 0.01, lower: -0.01, upper: 0.03 },
      allowed: 0.02,
    });
    expect(s).toBe(1800);
  });
});
