// The policy used when neither the deployment nor the '' default has a stored one.
// Every number is a judgement for LLM canaries; docs/policy.md explains them.
import { policyOrThrow } from "./parse";
import type { Policy, PolicyInput } from "./schema";

export const DEFAULT_POLICY_INPUT: PolicyInput = {
  schema_version: 2,
  name: "default-llm-canary",
  description: "Quantized canary vs full-precision baseline: every quality, reliability and latency check can fail the deployment on its own.",
  // P(a healthy canary ever fails) ≤ 5% per epoch, however often it is checked.
  alpha: 0.05,
  // Below 20 observations a check says "too few to say anything"; a large harm still fails it earlier.
  min_samples: 20,
  // Slices differ naturally (structured tasks agree more than chat): twice the spread between a
  // slice's peers is allowed on top of the allowance before agreement counts as degraded.
  peer_spread: 2,
  kl_cap: 0.25,
  max_cells: 2000,
  resolution: { mode: "recovered", min_passes: 5 },
  reference: { overall: {} },
  checks: [
    // Task quality is the point of the model: 2 points (0..1 scale) lower per request is user-visible.
    { metric: "task_score", allowed_degradation: { kind: "absolute", value: 0.02 } },
    // Errors break requests outright: +0.5 points is a 5× rise on a 0.1% base.
    { metric: "error_rate", allowed_degradation: { kind: "absolute", value: 0.005 } },
    // Fallbacks pay for the high-precision path: a healthy W4A16 canary sits near 1%; past 2% the saving erodes.
    { metric: "fallback_rate", allowed_degradation: { kind: "absolute", value: 0.02 } },
    // Half a point less exact match than the whole deployment, beyond the slices' natural spread.
    { metric: "exact_match", allowed_degradation: { kind: "absolute", value: 0.005 } },
    // Token agreement moves less than exact match: 2 points below the rest, beyond the natural spread.
    { metric: "token_agreement", allowed_degradation: { kind: "absolute", value: 0.02 } },
    // KL is small and skewed: +50% over the rest of the traffic, beyond the natural spread.
    { metric: "kl_divergence", allowed_degradation: { kind: "relative", value: 0.5 } },
    // Users feel the tail: p95 no worse than +10%.
    { metric: "latency_p95", allowed_degradation: { kind: "relative", value: 0.1 } },
    // p99 is noisier: +20% before it counts.
    { metric: "latency_p99", allowed_degradation: { kind: "relative", value: 0.2 } },
    // Typical request: quantization should be faster; more than half the requests 5% slower is a miss.
    { metric: "latency_rank", allowed_degradation: { kind: "relative", value: 0.05 } },
    // Memory is the reason to quantize (advisory: gauge points, no per-request test).
    { metric: "memory_peak", allowed_degradation: { kind: "relative", value: 0.05 }, slices: [] },
    // PSI < 0.1 is "stable" (advisory).
    { metric: "drift_psi", allowed_degradation: { kind: "absolute", value: 0.1 } },
  ],
};

export const DEFAULT_POLICY: Policy = policyOrThrow(DEFAULT_POLICY_INPUT);
