import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, diffPolicies } from "@/lib/policy";

describe("diffPolicies", () => {
  it("is empty for equal policies", () => {
    expect(diffPolicies(DEFAULT_POLICY, structuredClone(DEFAULT_POLICY))).toEqual([]);
  });

  it("lists changed leaves with old and new values", () => {
    const b = structuredClone(DEFAULT_POLICY);
    b.alpha = 0.01;
    b.checks[5].allowed_degradation.value = 0.2;
    b.checks[0].fails_deployment = false;
    expect(diffPolicies(DEFAULT_POLICY, b)).toEqual([
      { path: "alpha", old: 0.05, new: 0.01 },
      { path: "checks[0].fails_deployment", old: undefined, new: false },
      { path: "checks[5].allowed_degradation.value", old: 0.5, new: 0.2 },
    ]);
  });

  it("reports added and removed entries", () => {
    const b = structuredClone(DEFAULT_POLICY);
    b.checks.pop();
    const d = diffPolicies(DEFAULT_POLICY, b);
    expect(d.some((c) => c.path.startsWith(`checks[${DEFAULT_POLICY.checks.length - 1}]`) && c.new === undefined)).toBe(true);
    expect(diffPolicies({ a: 1 }, { a: 1, b: [1] })).toEqual([{ path: "b", old: undefined, new: [1] }]);
  });
});
