// A tiny canary simulation: A/A runs rarely fail a slice; a +20% p95 regression on one slice
// is caught within a short horizon.
import { describe, expect, it } from "vitest";
import { runOne } from "@/bench/sim/model";
import { seedOf, VARIANT_POLICY, POLICIES } from "@/bench/sim/run";

const cfg = { ratePerArm: 50, checkEverySeconds: 60, denseUntilSeconds: 0, horizonSeconds: 300 };

describe("sim smoke", () => {
  it("A/A slice false fails stay below a loose bound and A/B detection is > 0", () => {
    let aaSliceFails = 0;
    for (let i = 0; i < 20; i++) if (runOne("aa", seedOf("aa", i), POLICIES.default, cfg).sliceFailAt !== null) aaSliceFails++;
    let detected = 0;
    for (let i = 0; i < 10; i++) if (runOne("latency", seedOf("latency", i), VARIANT_POLICY, { ...cfg, checkEverySeconds: 240, horizonSeconds: 720 }).regressedFailAt !== null) detected++;
    expect(aaSliceFails).toBeLessThanOrEqual(5);
    expect(detected).toBeGreaterThan(0);
  }, 30_000);
});
