// Per-check settings with the policy's defaults applied, and which cells a check covers.
import { METRIC_INFO } from "./metrics";
import type { Check, Policy } from "./schema";

export interface ResolvedCheck extends Check {
  /** Position in policy.checks: identifies the check (the same metric may appear twice). */
  index: number;
  direction: "lower_is_better" | "higher_is_better";
  min_samples: number;
  confidence: number;
}

export function resolveChecks(policy: Policy): ResolvedCheck[] {
  return policy.checks.map((c, index) => ({
    ...c,
    index,
    direction: METRIC_INFO[c.metric].direction,
    min_samples: c.min_samples ?? policy.min_samples,
    confidence: c.confidence ?? 1 - policy.alpha,
  }));
}

/** Whether the check applies to the cell ('' dimension = whole deployment, 'a×b' = a pair). */
export function checkCovers(check: Check, dimension: string): boolean {
  if (dimension === "") return true;
  if (METRIC_INFO[check.metric].overallOnly) return false;
  const isPair = dimension.includes("×");
  if (check.slices === "all") return !isPair || check.pairs;
  return check.slices.includes(dimension);
}
