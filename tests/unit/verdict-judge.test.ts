import { describe, expect, it } from "vitest";
import { createRng, normalSampler } from "@/lib/stats";
import { DEFAULT_POLICY, validatePolicy, type Policy } from "@/lib/policy";
import { toBinned } from "@/lib/verdict/histogram-samples";
import { judge } from "@/lib/verdict/judge";
import type { ComparisonInput, RequestRow, SampleSet, ShadowRow } from "@/lib/verdict/data";

const WINDOW = { from: Date.UTC(2025, 0, 1, 0, 0), to: Date.UTC(2025, 0, 1, 1, 0) };

function req(dimension: string, value: string, arm: string, requests: number, errors = 0, fallbacks = 0): RequestRow {
  return { dimension, value, arm, requests, errors, fallbacks, latency_sum: requests * 100 };
}

function shadow(dimension: string, value: string, pairs: number, exact: number, scoreBase = 0.8, scoreCanary = 0.8): ShadowRow {
  // token agreement ~ exact-rate-ish with small spread; scores paired with delta sd 0.1.
  const agree = exact + 0.05;
  const meanDelta = scoreCanary - scoreBase;
  return {
    dimension,
    value,
    pairs,
    exact_matches: Math.round(pairs * exact),
    agreement_sum: pairs * agree,
    agreement_sumsq: pairs * (agree * agree + 0.01),
    kl_n: pairs,
    kl_sum: pairs * 0.02,
    kl_sumsq: pairs * (0.0004 + 0.0001),
    score_n: pairs,
    score_baseline_sum: pairs * scoreBase,
    score_canary_sum: pairs * scoreCanary,
    score_delta_sumsq: pairs * (meanDelta * meanDelta + 0.01),
  };
}

function latencies(seed: number, n: number, scale = 1): number[] {
  const norm = normalSampler(createRng(seed));
  return Array.from({ length: n }, () => Math.exp(norm(Math.log(100 * scale), 0.4)));
}

// Histograms the way request_minute bins latencies.
function hist(ms: number[]) {
  const bins = ms.map((v) => Math.floor(Math.log2(1 + v) * 32));
  return toBinned(bins, bins.map(() => 1));
}

function samples(dimension: string, value: string, n: number, seed: number, canaryScale = 1): SampleSet {
  return { dimension, value, baseline: hist(latencies(seed, n)), canary: hist(latencies(seed + 1, n, canaryScale)) };
}

/** Three languages, 3000 requests and pairs each; `de` can be made worse. */
function deployment(opts: { deExact?: number; deErrors?: number; deScore?: number } = {}): ComparisonInput {
  const langs = ["de", "en", "fr"];
  const requests: RequestRow[] = [];
  const sh: ShadowRow[] = [];
  const sm: SampleSet[] = [];
  let allPairs = 0;
  let allExact = 0;
  for (const [i, l] of langs.entries()) {
    const errs = l === "de" ? (opts.deErrors ?? 3) : 3;
    requests.push(req("language", l, "baseline", 3000, 3), req("language", l, "canary", 3000, errs));
    const exact = l === "de" ? (opts.deExact ?? 0.9) : 0.9;
    sh.push(shadow("language", l, 3000, exact, 0.8, l === "de" ? (opts.deScore ?? 0.8) : 0.8));
    sm.push(samples("language", l, 5000, 10 * i + 1));
    allPairs += 3000;
    allExact += Math.round(3000 * exact);
  }
  const deErr = opts.deErrors ?? 3;
  requests.push(req("", "", "baseline", 9000, 9), req("", "", "canary", 9000, 6 + deErr));
  const overall = shadow("", "", allPairs, allExact / allPairs, 0.8, 0.8 - (0.8 - (opts.deScore ?? 0.8)) / 3);
  // Keep sums consistent with the slices (leave-one-out subtracts them).
  overall.exact_matches = allExact;
  overall.agreement_sum = sh.reduce((s, r) => s + r.agreement_sum, 0);
  overall.agreement_sumsq = sh.reduce((s, r) => s + r.agreement_sumsq, 0);
  overall.score_delta_sumsq = sh.reduce((s, r) => s + r.score_delta_sumsq, 0);
  sh.push(overall);
  sm.push(samples("", "", 5000, 99));
  return { requests, shadow: sh, drift: [], memory: [], samples: sm };
}

const run = (input: ComparisonInput, policy: Policy = DEFAULT_POLICY) =>
  judge(input, { deployment: "d", window: WINDOW, policy, policyVersion: 3, now: WINDOW.to });

const cell = (v: ReturnType<typeof run>, dimension: string, value: string) => v.cells.find((c) => c.dimension === dimension && c.value === value)!;
const check = (v: ReturnType<typeof run>, dimension: string, value: string, metric: string) => cell(v, dimension, value).checks.find((c) => c.metric === metric)!;

describe("judge", () => {
  it("passes a healthy canary, every slice decided", () => {
    const v = run(deployment());
    expect(v.policy).toEqual({ name: DEFAULT_POLICY.name, version: 3 });
    expect(check(v, "language", "de", "exact_match").status).toBe("pass");
    expect(check(v, "", "", "task_score").status).toBe("pass");
    expect(check(v, "", "", "error_rate").status).toBe("pass");
    expect(check(v, "", "", "latency_p95").status).toBe("pass");
    expect(v.status).toBe("pass");
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it("fails the slice with an exact-match regression against the rest of the traffic", () => {
    const v = run(deployment({ deExact: 0.4 }));
    const em = check(v, "language", "de", "exact_match");
    expect(em.status).toBe("fail");
    expect(em.canary).toBeCloseTo(0.4, 3);
    expect(em.baseline).toBeCloseTo(0.9, 3);
    expect(em.reason).toMatch(/^canary exact-match 0\.400 vs reference 0\.900 \(−50\.0 pts, 95% always-valid CI −5\d\.\d pts to −4\d\.\d pts\) exceeds allowed −13\.5 pts; n=3,000\/6,000$/);
    expect(cell(v, "language", "de").status).toBe("fail");
    expect(check(v, "language", "en", "exact_match").status).toBe("pass");
    expect(v.worstCell).toMatchObject({ dimension: "language", value: "de", status: "fail" });
    // exact_match is not critical: the deployment fails or is marginal on score, not on a critical check.
    expect(["marginal", "fail"]).toContain(v.status);
  });

  it("fails the deployment when a critical check fails in any one slice", () => {
    const v = run(deployment({ deScore: 0.7 }));
    expect(check(v, "language", "de", "task_score").status).toBe("fail");
    expect(check(v, "language", "en", "task_score").status).toBe("pass");
    expect(v.status).toBe("fail");
    expect(v.reason).toMatch(/^critical task_score fails in language=de/);
    expect(v.worstCell).toMatchObject({ dimension: "language", value: "de" });
  });

  it("reads a regressed latency tail", () => {
    const input = deployment();
    input.samples = input.samples.map((s) => (s.value === "fr" ? samples("language", "fr", 5000, 5, 1.5) : s));
    const v = run(input);
    expect(check(v, "language", "fr", "latency_p95").status).toBe("fail");
    expect(check(v, "language", "fr", "latency_rank").status).toBe("fail");
    expect(check(v, "language", "en", "latency_p95").status).toBe("pass");
  });

  it("a canary with no traffic is insufficient_data, not fail", () => {
    const input = deployment();
    input.requests = input.requests.filter((r) => r.arm !== "canary");
    input.shadow = [];
    input.samples = [];
    const v = run(input);
    expect(v.status).toBe("insufficient_data");
    expect(v.cells.every((c) => c.status === "insufficient_data")).toBe(true);
    const er = check(v, "", "", "error_rate");
    expect(er.status).toBe("insufficient_data");
    expect(er.etaSeconds).toBeNull();
  });

  it("estimates the time to a decision from the traffic rate", () => {
    const input = deployment();
    input.requests = input.requests.map((r) => (r.arm === "canary" && r.dimension === "" ? { ...r, requests: 60, errors: 0 } : r));
    const v = run(input);
    const er = check(v, "", "", "error_rate");
    expect(er.status).toBe("insufficient_data");
    // 60 canary requests in 60 minutes = 1/min; 140 more needed.
    expect(er.etaSeconds).toBe(140 * 60);
    expect(er.reason).toMatch(/below min_samples 200.*~2\.3 h to a decision/);
  });

  it("applies Benjamini-Hochberg across cells before failing", () => {
    // A borderline regression in one of many slices: significant alone, not after BH.
    const input = deployment({ deErrors: 34 });
    for (let i = 0; i < 30; i++) {
      input.requests.push(req("region", `r${i}`, "baseline", 3000, 3), req("region", `r${i}`, "canary", 3000, 3));
    }
    const p: Policy = { ...DEFAULT_POLICY, sequential: false };
    const alone = run(deployment({ deErrors: 34 }), p);
    const many = run(input, p);
    const a = check(alone, "language", "de", "error_rate");
    const m = check(many, "language", "de", "error_rate");
    expect(a.status).toBe("fail");
    expect(m.adjustedPValue!).toBeGreaterThan(a.adjustedPValue!);
  });

  it("wide intervals are never a pass", () => {
    const r = validatePolicy({ name: "tiny", min_samples: 5, checks: [{ metric: "error_rate", allowed_degradation: { kind: "absolute", value: 0.01 } }] });
    if (!r.ok) throw new Error("policy");
    const v = run({ requests: [req("", "", "baseline", 10, 0), req("", "", "canary", 10, 0)], shadow: [], drift: [], memory: [], samples: [] }, r.policy);
    expect(check(v, "", "", "error_rate").status).toBe("insufficient_data");
    expect(v.status).toBe("insufficient_data");
  });
});

describe("arm balance in shadow deployments", () => {
  // Found by bench:detect's A/A run: while one arm's telemetry had landed and the other's had
  // not, the newest window compared different request mixes and failed identical arms.
  it("withholds per-arm checks of a cell whose arms' counts differ, with the reason", () => {
    const input = deployment();
    input.requests = input.requests.map((r) => (r.dimension === "language" && r.value === "fr" && r.arm === "baseline" ? { ...r, requests: Math.round(r.requests / 2) } : r));
    const v = run(input);
    const p95 = check(v, "language", "fr", "latency_p95");
    expect(p95.status).toBe("insufficient_data");
    expect(p95.reason).toMatch(/arms not comparable yet: n=3,000\/1,500 \(ratio 0\.50 < 0\.8\)/);
    expect(check(v, "language", "fr", "error_rate").status).toBe("insufficient_data");
    // Pair-based checks do not depend on the arms' counts.
    expect(check(v, "language", "fr", "exact_match").status).toBe("pass");
    expect(check(v, "language", "en", "latency_p95").status).toBe("pass");
  });

  it("can be turned off for partial mirroring", () => {
    const input = deployment();
    input.requests = input.requests.map((r) => (r.dimension === "language" && r.value === "fr" && r.arm === "baseline" ? { ...r, requests: Math.round(r.requests / 2) } : r));
    const policy = validatePolicy({ ...JSON.parse(JSON.stringify(DEFAULT_POLICY)), arm_balance: 0 });
    if (!policy.ok) throw new Error(JSON.stringify(policy.errors));
    expect(check(run(input, policy.policy), "language", "fr", "error_rate").status).not.toBe("insufficient_data");
  });
});
