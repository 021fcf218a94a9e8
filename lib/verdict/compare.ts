// One check in one cell → MetricComparison(s): dispatches on the metric. Pure.
import type { Policy, ResolvedCheck } from "@/lib/policy";
import { compareAgreement, leaveOneOut } from "./agreement";
import type { Cell } from "./cells";
import { unavailable, type MetricContext } from "./comparison";
import type { MemoryRow, ShadowRow } from "./data";
import { compareDrift } from "./drift";
import { compareLatency } from "./latency";
import { compareMemory } from "./memory";
import { compareRate } from "./rates";
import { compareTaskScore } from "./task-score";
import type { MetricComparison } from "./types";

export interface DeploymentData {
  policy: Policy;
  /** The ('', '') shadow cell: the leave-one-out reference is this minus the slice. */
  overallShadow?: ShadowRow;
  memory: MemoryRow[];
}

const PER_ARM = new Set(["error_rate", "fallback_rate", "latency_p50", "latency_p95", "latency_p99", "latency_rank", "drift_psi"]);

/**
 * In a shadow deployment both arms serve every request, so unbalanced counts in a cell mean its
 * data is still arriving (the arms' exporters flush at different moments) or the arms served
 * different requests: comparing their distributions then compares different request mixes.
 */
export function unbalanced(cell: Cell, dep: DeploymentData, minSamples: number): string | null {
  if (!dep.policy.arm_balance || !(dep.overallShadow && dep.overallShadow.pairs > 0)) return null;
  const b = cell.requests.baseline?.requests ?? 0;
  const c = cell.requests.canary?.requests ?? 0;
  // Below min_samples the check waits anyway, with an estimate of when it can decide.
  if (Math.min(b, c) < minSamples) return null;
  const ratio = Math.min(b, c) / Math.max(b, c);
  return ratio < dep.policy.arm_balance
    ? `arms not comparable yet: n=${c.toLocaleString("en")}/${b.toLocaleString("en")} (ratio ${ratio.toFixed(2)} < ${dep.policy.arm_balance}) in a shadow deployment; data may still be arriving`
    : null;
}

export function compareCheck(cell: Cell, check: ResolvedCheck, dep: DeploymentData): MetricComparison[] {
  const ctx: MetricContext = { check, sequential: dep.policy.sequential };
  const overall = cell.dimension === "";
  if (PER_ARM.has(check.metric)) {
    const why = unbalanced(cell, dep, check.min_samples);
    if (why) {
      const n = { baseline: cell.requests.baseline?.requests ?? 0, canary: cell.requests.canary?.requests ?? 0 };
      return [unavailable(check.metric, check.metric.startsWith("latency") ? "ms" : check.metric === "drift_psi" ? "psi" : "ratio", why, n)];
    }
  }
  switch (check.metric) {
    case "error_rate":
    case "fallback_rate":
      return [compareRate(check.metric, cell.requests, ctx)];
    case "latency_p50":
    case "latency_p95":
    case "latency_p99":
    case "latency_rank": {
      if (!cell.samples) {
        // Samples are pulled only where both arms reach min_samples: report the request counts.
        const n = { baseline: cell.requests.baseline?.requests ?? 0, canary: cell.requests.canary?.requests ?? 0 };
        return [unavailable(check.metric, "ms", "no latency samples", n)];
      }
      return [compareLatency(check.metric, cell.samples, ctx)];
    }
    case "exact_match":
    case "token_agreement":
    case "kl_divergence": {
      let reference: { rest: ShadowRow } | { fixed: number } | null = null;
      if (overall) {
        // No "rest of the traffic" for the whole deployment: only a fixed expectation applies.
        const fixed = dep.policy.reference.overall[check.metric];
        if (fixed === undefined) return [];
        reference = { fixed };
      } else if (dep.overallShadow && cell.shadow) {
        reference = { rest: leaveOneOut(dep.overallShadow, cell.shadow) };
      } else if (dep.overallShadow) {
        reference = { rest: dep.overallShadow };
      }
      return [compareAgreement(check.metric, cell.shadow, reference, ctx)];
    }
    case "task_score":
      return [compareTaskScore(cell.shadow, ctx)];
    case "memory_peak":
    case "memory_steady":
      return overall ? [compareMemory(check.metric, dep.memory, ctx)] : [];
    case "drift_psi": {
      // Drift is stored for single dimensions and the whole deployment; one result per feature.
      const features = [...new Set(cell.drift.map((d) => d.feature))].sort();
      return features.map((f) =>
        compareDrift(
          f,
          cell.drift.find((d) => d.feature === f && d.arm === "baseline"),
          cell.drift.find((d) => d.feature === f && d.arm === "canary"),
          ctx,
        ),
      );
    }
  }
}
