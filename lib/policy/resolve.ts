// Per-check settings with the policy's defaults applied, and which cells a check covers.
import { METRIC_INFO } from "./metrics";
import type { Check, Policy } from "./schema";

export interface ResolvedCheck extends Check {
  /** Position in policy.checks: identifies the check (the same metric may appear twice). */
  index: number;
  direction: "lower_is_better" | "higher_is_better";
  /** An established failure fails the deployment (always false for advisory metrics). */
  failsDeployment: boolean;
  /** Judged by a sequential test; false for advisory metrics (memory, drift). */
  sequential: boolean;
}

export function resolveChecks(policy: Policy): ResolvedCheck[] {
  return policy.checks.map((c, index) => {
    const meta = METRIC_INFO[c.metric];
    return {
      ...c,
      index,
      direction: meta.direction,
      sequential: meta.sequential,
      failsDeployment: meta.sequential && (c.fails_deployment ?? true),
      ...(c.metric === "fallback_rate" ? { compare: c.compare ?? "canary_only" } : {}),
    };
  });
}

/** Whether the check applies to the cell ('' dimension = whole deployment, 'a×b' = a pair). */
export function checkCovers(check: Check, dimension: string): boolean {
  if (dimension === "") return true;
  if (METRIC_INFO[check.metric].overallOnly) return false;
  const isPair = dimension.includes("×");
  if (check.slices === "all") return !isPair || check.pairs;
  return check.slices.includes(dimension);
}
