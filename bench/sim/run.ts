// Batches of simulated canaries and their summary (detection / false-fail rates).
import { DEFAULT_POLICY_INPUT, policyOrThrow, type Policy } from "@/lib/policy";
import { DEFAULT_SIM, runOne, type RunResult, type Scenario, type SimConfig } from "./model";

export type PolicyName = "default" | "variant";

/** DEFAULT_POLICY with exact_match allowed 1.5 points absolute instead of 5% relative (≈ 4.5 points at 0.90). */
export const VARIANT_POLICY: Policy = policyOrThrow({
  ...DEFAULT_POLICY_INPUT,
  name: "sim-variant-exact-match-1.5pt",
  checks: DEFAULT_POLICY_INPUT.checks.map((c) => (c.metric === "exact_match" ? { ...c, allowed_degradation: { kind: "absolute" as const, value: 0.015 } } : c)),
});
export const POLICIES: Record<PolicyName, Policy> = { default: policyOrThrow(DEFAULT_POLICY_INPUT), variant: VARIANT_POLICY };

export interface Job {
  scenario: Scenario;
  policy: PolicyName;
  runs: number;
}

/** Seed of run i of a job: depends only on the scenario and i, so both policies see the same traffic. */
export const seedOf = (scenario: Scenario, i: number) => ({ aa: 1_000_000, agreement: 2_000_000, latency: 3_000_000 })[scenario] + i;

export function runJob(job: Job, cfg: SimConfig = DEFAULT_SIM, shard = 0, shards = 1): RunResult[] {
  const out: RunResult[] = [];
  for (let i = shard; i < job.runs; i += shards) out.push(runOne(job.scenario, seedOf(job.scenario, i), POLICIES[job.policy], cfg));
  return out;
}

export interface Summary {
  scenario: Scenario;
  policy: PolicyName;
  runs: number;
  deploymentFail: number;
  sliceFail: number;
  regressedFail: number;
  medianRequestsToFail: number | null;
  medianSecondsToFail: number | null;
  /** Metric(s) behind the first slice fail (A/A) or the regressed slice's fail (A/B), with counts. */
  failMetrics: Record<string, number>;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function summarize(job: Job, results: RunResult[]): Summary {
  const failMetrics: Record<string, number> = {};
  for (const r of results) {
    const ms = job.scenario === "aa" ? r.sliceFailMetrics : r.regressedFailMetrics;
    for (const m of ms) failMetrics[m] = (failMetrics[m] ?? 0) + 1;
  }
  const hit = results.filter((r) => r.regressedFailAt !== null);
  return {
    scenario: job.scenario,
    policy: job.policy,
    runs: results.length,
    deploymentFail: results.filter((r) => r.deploymentFailAt !== null).length,
    sliceFail: results.filter((r) => r.sliceFailAt !== null).length,
    regressedFail: hit.length,
    medianRequestsToFail: median(hit.map((r) => r.regressedFailRequests!)),
    medianSecondsToFail: median(hit.map((r) => r.regressedFailAt!)),
    failMetrics,
  };
}
