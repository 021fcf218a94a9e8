// The policy used when neither the deployment nor the '' default has a stored one.
// Every number is a judgement for LLM canaries; docs/policy.md explains them at length.
import { policyOrThrow } from "./parse";
import type { Policy, PolicyInput } from "./schema";

export const DEFAULT_POLICY_INPUT: PolicyInput = {
  schema_version: 1,
  name: "default-llm-canary",
  description: "Quantized canary vs full-precision baseline: quality first, then reliability, then cost.",
  // 5% false-fail rate per check: the usual convention; FDR and always-valid intervals keep it honest.
  alpha: 0.05,
  // Dashboards and rollout controllers re-check continuously; fixed-n intervals would inflate false fails.
  sequential: true,
  // 200 per arm: below that the Wilson/normal approximations and p95 order statistics are unreliable.
  min_samples: 200,
  // pass ≥ 0.85: at most one light non-critical miss; < 0.6: several checks failing is a regression.
  score: { pass: 0.85, marginal: 0.6 },
  // Slices are many; BH at 5% keeps the share of wrongly failed slices ≤ 5%.
  fdr: { enabled: true, q: 0.05 },
  reference: { mode: "leave_one_out", overall: {} },
  checks: [
    {
      // Task quality is the point of the model: a 2-point drop (0..1 scale) is user-visible.
      metric: "task_score",
      allowed_degradation: { kind: "absolute", value: 0.02 },
      critical: true,
      weight: 3,
    },
    {
      // Errors break requests outright: +0.5 points is already a 5× rise on a 0.1% base.
      metric: "error_rate",
      allowed_degradation: { kind: "absolute", value: 0.005 },
      critical: true,
      weight: 3,
    },
    {
      // Slices differ naturally in agreement (structured tasks agree more than chat, long
      // contexts a little less): ±7% relative is common between healthy slices. 15% below the
      // rest of the traffic is beyond that spread; collapses like 0.85 → 0.3 are far beyond it.
      metric: "exact_match",
      allowed_degradation: { kind: "relative", value: 0.15 },
      weight: 2,
    },
    {
      // Token agreement moves less than exact match, but with the same natural spread between
      // slices (a few points): 5 points below the rest of the traffic is a real shift.
      metric: "token_agreement",
      allowed_degradation: { kind: "absolute", value: 0.05 },
      weight: 1,
    },
    {
      // KL is heavy-tailed and small in absolute terms: allow +50% over the reference slice mix.
      metric: "kl_divergence",
      allowed_degradation: { kind: "relative", value: 0.5 },
      weight: 1,
    },
    {
      // Users feel the tail: p95 no worse than +10%.
      metric: "latency_p95",
      allowed_degradation: { kind: "relative", value: 0.1 },
      weight: 2,
    },
    {
      // p99 is noisy at a few thousand samples: +20% before it counts.
      metric: "latency_p99",
      allowed_degradation: { kind: "relative", value: 0.2 },
      weight: 1,
    },
    {
      // Typical latency (Hodges-Lehmann shift of log latency): quantization should be faster; +5% is a miss.
      metric: "latency_rank",
      allowed_degradation: { kind: "relative", value: 0.05 },
      weight: 1,
    },
    {
      // Fallbacks cost the full-precision path: +2 points erodes the saving quantization buys.
      metric: "fallback_rate",
      allowed_degradation: { kind: "absolute", value: 0.02 },
      weight: 2,
    },
    {
      // Memory is the reason to quantize: peak above baseline +5% defeats the purpose. Gauge points, not requests.
      metric: "memory_peak",
      allowed_degradation: { kind: "relative", value: 0.05 },
      min_samples: 5,
      slices: [],
      weight: 1,
    },
    {
      // PSI < 0.1 is the industry's "stable": larger input drift between arms means the split is biased.
      metric: "drift_psi",
      allowed_degradation: { kind: "absolute", value: 0.1 },
      weight: 1,
    },
  ],
};

export const DEFAULT_POLICY: Policy = policyOrThrow(DEFAULT_POLICY_INPUT);
