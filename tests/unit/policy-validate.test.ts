import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, DEFAULT_POLICY_INPUT, parsePolicy, validatePolicy, resolveChecks, checkCovers } from "@/lib/policy";

const base = () => JSON.parse(JSON.stringify(DEFAULT_POLICY_INPUT));

function errorsOf(doc: unknown) {
  const r = parsePolicy(doc);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("policy validation", () => {
  it("accepts the default policy and fills defaults", () => {
    expect(DEFAULT_POLICY.checks.length).toBeGreaterThan(5);
    const r = validatePolicy({ name: "x", checks: [{ metric: "error_rate", allowed_degradation: { kind: "absolute", value: 0.01 } }] });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.policy.alpha).toBe(0.05);
      expect(r.policy.checks[0]).toMatchObject({ critical: false, weight: 1, slices: "all", pairs: true });
      expect(resolveChecks(r.policy)[0]).toMatchObject({ min_samples: 200, confidence: 0.95, direction: "lower_is_better" });
    }
  });

  it("reports a negative allowance with its path", () => {
    const doc = base();
    doc.checks[2].allowed_degradation.value = -0.1;
    expect(errorsOf(doc)).toContainEqual({ path: "checks[2].allowed_degradation.value", message: "must be > 0" });
  });

  it("rejects unknown metrics, bad confidence, rates ≥ 1, pass < marginal, unknown keys", () => {
    const doc = base();
    doc.checks[0].metric = "bleu";
    doc.checks[1].confidence = 1.2;
    doc.checks[2].allowed_degradation = { kind: "relative", value: 1 };
    doc.score = { pass: 0.5, marginal: 0.7 };
    doc.checks[3].thresold = 3;
    const paths = errorsOf(doc).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["checks[0].metric", "checks[1].confidence", "checks[3].thresold"]),
    );
    // Cross-field rules run only once the shape is valid: check them on their own.
    const doc2 = base();
    doc2.checks[2].allowed_degradation = { kind: "relative", value: 1 };
    doc2.score = { pass: 0.5, marginal: 0.7 };
    const errs = errorsOf(doc2);
    expect(errs.map((e) => e.path)).toEqual(expect.arrayContaining(["checks[2].allowed_degradation.value", "score.pass"]));
    expect(errs.find((e) => e.path === "score.pass")!.message).toMatch(/≥ score.marginal/);
  });

  it("rejects confidence outside (0.5, 1), alpha ≥ 0.5, zero min_samples and the wrong direction", () => {
    const doc = base();
    doc.checks[0].confidence = 0.4;
    doc.alpha = 0.5;
    doc.min_samples = 0;
    expect(errorsOf(doc).map((e) => e.path)).toEqual(expect.arrayContaining(["checks[0].confidence", "alpha", "min_samples"]));
    const doc2 = base();
    doc2.checks[1].direction = "higher_is_better"; // error_rate
    expect(errorsOf(doc2)).toContainEqual({ path: "checks[1].direction", message: "error_rate is lower_is_better" });
  });

  it("rejects relative PSI and slices on memory", () => {
    const doc = base();
    const psi = doc.checks.findIndex((c: { metric: string }) => c.metric === "drift_psi");
    const mem = doc.checks.findIndex((c: { metric: string }) => c.metric === "memory_peak");
    doc.checks[psi].allowed_degradation.kind = "relative";
    doc.checks[mem].slices = ["language"];
    expect(errorsOf(doc).map((e) => e.path)).toEqual(
      expect.arrayContaining([`checks[${psi}].allowed_degradation.kind`, `checks[${mem}].slices`]),
    );
  });

  it("reads YAML and reports unparseable text at the root", () => {
    const r = parsePolicy(`name: yaml-policy\nchecks:\n  - metric: latency_p95\n    allowed_degradation: {kind: relative, value: 0.1}\n`);
    expect(r.ok).toBe(true);
    const bad = parsePolicy("{ name: [");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].path).toBe("");
  });

  it("covers cells by slices and pairs", () => {
    const [c] = resolveChecks(DEFAULT_POLICY);
    expect(checkCovers(c, "")).toBe(true);
    expect(checkCovers(c, "language")).toBe(true);
    expect(checkCovers(c, "context_bucket×language")).toBe(true);
    expect(checkCovers({ ...c, pairs: false }, "context_bucket×language")).toBe(false);
    expect(checkCovers({ ...c, slices: ["region"] }, "language")).toBe(false);
  });
});
