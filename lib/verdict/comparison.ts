// Shared pieces for building a MetricComparison from an Evidence.
import type { Metric, ResolvedCheck } from "@/lib/policy";
import type { Evidence } from "./evidence";
import type { MetricComparison } from "./types";

export interface MetricContext {
  check: ResolvedCheck;
  sequential: boolean;
}

/** The allowance in absolute degradation units; relative allowances scale the baseline level. */
export function allowedAbsolute(check: ResolvedCheck, baselineLevel: number): number {
  const a = check.allowed_degradation;
  return a.kind === "absolute" ? a.value : a.value * Math.abs(baselineLevel);
}

/** +1 when degradation = canary − baseline, −1 when it is baseline − canary. */
export const orientation = (check: ResolvedCheck): 1 | -1 => (check.direction === "lower_is_better" ? 1 : -1);

export function unavailable(
  metric: Metric,
  unit: MetricComparison["unit"],
  reason: string,
  n: { baseline: number; canary: number },
  extra: Partial<MetricComparison> = {},
): MetricComparison {
  return {
    metric,
    baseline: null,
    canary: null,
    delta: null,
    degradation: null,
    allowed: null,
    pValue: 1,
    n,
    method: "none",
    unit,
    unavailable: reason,
    ...extra,
  };
}

export function fromEvidence(
  metric: Metric,
  unit: MetricComparison["unit"],
  levels: { baseline: number; canary: number },
  ev: Evidence,
  allowed: number,
  sign: 1 | -1,
  n: { baseline: number; canary: number },
): MetricComparison {
  return {
    metric,
    baseline: levels.baseline,
    canary: levels.canary,
    delta: sign * ev.estimate,
    degradation: { estimate: ev.estimate, lower: ev.lower, upper: ev.upper },
    allowed,
    pValue: ev.pValue,
    n,
    method: ev.method,
    unit,
  };
}
