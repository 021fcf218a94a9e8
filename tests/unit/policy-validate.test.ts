import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, DEFAULT_POLICY_INPUT, parsePolicy, validatePolicy, resolveChecks, checkCovers } from "@/lib/policy";

const base = () => JSON.parse(JSON.stringify(DEFAULT_POLICY_INPUT));

function errorsOf(doc: unknown) {
  const r = parsePolicy(doc);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("policy validation (schema version 2)", () => {
  it("accepts the default policy and fills defaults", () => {
    expect(DEFAULT_POLICY.checks.length).toBeGreaterThan(5);
    const r = validatePolicy({ schema_version: 2, name: "x", checks: [{ metric: "error_rate", allowed_degradation: { kind: "absolute", value: 0.01 } }] });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.policy).toMatchObject({ alpha: 0.05, min_samples: 20, peer_spread: 2, kl_cap: 0.25, resolution: { mode: "recovered", min_passes: 5 } });
      expect(r.policy.checks[0]).toMatchObject({ slices: "all", pairs: true });
      expect(resolveChecks(r.policy)[0]).toMatchObject({ failsDeployment: true, sequential: true, direction: "lower_is_better" });
    }
  });

  it("every sequential check fails the deployment by default; memory and drift are advisory", () => {
    const checks = resolveChecks(DEFAULT_POLICY);
    for (const c of checks) expect(c.failsDeployment, c.metric).toBe(c.metric !== "memory_peak" && c.metric !== "drift_psi");
    expect(checks.find((c) => c.metric === "fallback_rate")!.compare).toBe("canary_only");
  });

  it("reports a negative allowance with its path", () => {
    const doc = base();
    doc.checks[2].allowed_degradation.value = -0.1;
    expect(errorsOf(doc)).toContainEqual({ path: "checks[2].allowed_degradation.value", message: "must be > 0" });
  });

  it("rejects unknown metrics, rates ≥ 1, unknown keys and removed version-1 fields", () => {
    const doc = base();
    doc.checks[0].metric = "bleu";
    doc.checks[3].thresold = 3;
    doc.checks[4].critical = true;
    doc.score = { pass: 0.5, marginal: 0.7 };
    const paths = errorsOf(doc).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["checks[0].metric", "checks[3].thresold", "checks[4].critical", "score"]));
    const doc2 = base();
    doc2.checks[2].allowed_degradation = { kind: "absolute", value: 1 };
    expect(errorsOf(doc2).map((e) => e.path)).toContain("checks[2].allowed_degradation.value");
  });

  it("rejects alpha ≥ 0.5, zero min_samples, a negative peer spread and the wrong direction", () => {
    const doc = base();
    doc.alpha = 0.5;
    doc.min_samples = 0;
    doc.peer_spread = -1;
    expect(errorsOf(doc).map((e) => e.path)).toEqual(expect.arrayContaining(["alpha", "min_samples", "peer_spread"]));
    const doc2 = base();
    doc2.checks[1].direction = "higher_is_better"; // error_rate
    expect(errorsOf(doc2)).toContainEqual({ path: "checks[1].direction", message: "error_rate is lower_is_better" });
  });

  it("rejects relative PSI, slices on memory, an advisory check that fails the deployment, compare outside fallback, relative canary-only fallback", () => {
    const doc = base();
    const psi = doc.checks.findIndex((c: { metric: string }) => c.metric === "drift_psi");
    const mem = doc.checks.findIndex((c: { metric: string }) => c.metric === "memory_peak");
    const fb = doc.checks.findIndex((c: { metric: string }) => c.metric === "fallback_rate");
    doc.checks[psi].allowed_degradation.kind = "relative";
    doc.checks[mem].slices = ["language"];
    doc.checks[mem].fails_deployment = true;
    doc.checks[0].compare = "paired";
    doc.checks[fb].allowed_degradation.kind = "relative";
    const errs = errorsOf(doc);
    expect(errs.map((e) => e.path)).toEqual(
      expect.arrayContaining([`checks[${psi}].allowed_degradation.kind`, `checks[${mem}].slices`, `checks[${mem}].fails_deployment`, "checks[0].compare", `checks[${fb}].allowed_degradation.kind`]),
    );
    expect(errs.find((e) => e.path === `checks[${mem}].fails_deployment`)!.message).toMatch(/advisory/);
  });

  it("reads YAML and reports unparseable text at the root", () => {
    const r = parsePolicy(`schema_version: 2\nname: yaml-policy\nchecks:\n  - metric: latency_p95\n    allowed_degradation: {kind: relative, value: 0.1}\n`);
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

describe("version-1 documents", () => {
  const v1 = {
    name: "old",
    alpha: 0.02,
    sequential: true,
    min_samples: 200,
    score: { pass: 0.85, marginal: 0.6 },
    checks: [
      { metric: "task_score", allowed_degradation: { kind: "absolute", value: 0.03 }, critical: true, weight: 3, confidence: 0.9 },
      { metric: "fallback_rate", allowed_degradation: { kind: "relative", value: 0.5 } },
    ],
  };

  it("are read as version 2: allowances and coverage kept, sliding-window fields dropped, with a note", () => {
    const r = validatePolicy(v1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.schema_version).toBe(2);
    expect(r.policy.alpha).toBe(0.02);
    expect(r.policy.checks[0]).toEqual({ metric: "task_score", allowed_degradation: { kind: "absolute", value: 0.03 }, slices: "all", pairs: true });
    // A relative fallback allowance needs the baseline's rate.
    expect(r.policy.checks[1].compare).toBe("paired");
    expect(r.upgraded?.join(" ")).toMatch(/schema_version 1 read as 2/);
    expect(r.upgraded?.join(" ")).toMatch(/compare: paired/);
  });

  it("still get version 1's own errors", () => {
    expect(errorsOf({ ...v1, score: { pass: 0.5, marginal: 0.7 } }).map((e) => e.path)).toContain("score.pass");
    expect(errorsOf({ ...v1, schema_version: 3 }).map((e) => e.path)).toContain("schema_version");
  });
});
