// The JSON-serialisable verdict and the intermediate comparison of one metric in one cell.
import type { Metric } from "@/lib/policy";

export type Status = "pass" | "marginal" | "fail" | "insufficient_data";

/**
 * One metric in one cell, oriented as "degradation": positive is worse for the canary
 * (canary − baseline when lower is better, baseline − canary when higher is better).
 * For agreement metrics "baseline" is the reference (the rest of the traffic) and "canary" the slice.
 */
export interface MetricComparison {
  metric: Metric;
  /** drift_psi: the input feature; memory: the kind. */
  feature?: string;
  baseline: number | null;
  canary: number | null;
  /** canary − baseline in the metric's own units (not oriented). */
  delta: number | null;
  /** Degradation point estimate and its two-sided interval (always-valid when the method says so). */
  degradation: { estimate: number; lower: number; upper: number } | null;
  /** The allowance converted to absolute degradation units. */
  allowed: number | null;
  /** Evidence against "degradation ≤ allowed" (one-sided); 1 when there is none. */
  pValue: number;
  n: { baseline: number; canary: number };
  /** How the interval was obtained, e.g. "always-valid normal mixture". */
  method: string;
  unit: "ratio" | "ms" | "score" | "nats" | "bytes" | "psi";
  /** Set when the data cannot support a decision (no reference, no traffic…). */
  unavailable?: string;
}

export interface CheckResult {
  metric: Metric;
  /** Index of the check in the policy. */
  check: number;
  feature?: string;
  status: Status;
  critical: boolean;
  weight: number;
  baseline: number | null;
  canary: number | null;
  delta: number | null;
  interval: { lower: number; upper: number } | null;
  allowed: number | null;
  pValue: number | null;
  /** BH-adjusted across the cells of this check. */
  adjustedPValue: number | null;
  n: { baseline: number; canary: number };
  reason: string;
  /** insufficient_data only: estimated seconds of traffic until a decision; null = never at the current rate. */
  etaSeconds?: number | null;
}

export interface CellVerdict {
  dimension: string;
  value: string;
  n: { baseline: number; canary: number };
  status: Status;
  /** Weighted score of the non-critical decided checks, null when none decided. */
  score: number | null;
  checks: CheckResult[];
}

export interface CheckSummary {
  check: number;
  metric: Metric;
  critical: boolean;
  status: Status;
  counts: Record<Status, number>;
}

export interface Verdict {
  deployment: string;
  window: { from: string; to: string };
  policy: { name: string; version: number };
  status: Status;
  score: number | null;
  reason: string;
  worstCell: { dimension: string; value: string; status: Status; score: number | null } | null;
  checks: CheckSummary[];
  cells: CellVerdict[];
  evaluatedAt: string;
}
