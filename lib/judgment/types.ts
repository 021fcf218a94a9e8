// The verdict as persisted and served (schema quantlens.verdict.v2, documented in docs/policy.md).
import type { Metric } from "@/lib/policy";

/** The version of the verdict's shape, in every persisted and served verdict. */
export const VERDICT_SCHEMA = "quantlens.verdict.v2";

/**
 * fail: a harm is established (sticky until the policy's resolution rule or an operator);
 * marginal: evidence is building but not established; pass: shown within the allowance;
 * inconclusive: enough requests to say something, not yet enough to decide (with an ETA);
 * insufficient_data: too few requests to say anything yet.
 */
export type Status = "fail" | "marginal" | "inconclusive" | "insufficient_data" | "pass";

export const STATUSES: readonly Status[] = ["fail", "marginal", "inconclusive", "insufficient_data", "pass"];

export type Detector = "anchored" | "change" | "e-bh";

/** Why a check, cell or deployment has its status: a code plus the fields the text is made from. */
export type ReasonCode =
  | "failed"
  | "evidence_building"
  | "within_allowance"
  | "inconclusive"
  | "too_few"
  | "no_data"
  | "advisory"
  | "not_evaluated";

export interface Evidence {
  /** log of the detector's statistic (the mixture e-value) and of its alarm threshold. */
  log: number;
  logThreshold: number;
}

export interface Eta {
  /** Toward which decision the evidence points. */
  toward: "pass" | "fail";
  /** More observations needed, roughly; null when unknown. */
  requests: number | null;
  /** At the cell's current rate; null when no rate is known. */
  seconds: number | null;
}

export interface CheckVerdict {
  /** Index of the check in the policy. */
  check: number;
  metric: Metric;
  /** memory: the kind; drift: the input feature. */
  feature?: string;
  status: Status;
  failsDeployment: boolean;
  /** Observations (request pairs) this check has judged in the epoch. */
  n: number;
  /** Levels in the metric's own units: baseline (or the reference for agreement metrics) and canary (or the cell). */
  baseline: number | null;
  canary: number | null;
  /** The per-pair degradation x (positive = canary worse): mean, and its always-valid bounds at level 1 − alpha. */
  degradation: { estimate: number; lower: number; upper: number } | null;
  /** The null boundary θ: the largest mean degradation the allowance tolerates now. */
  allowed: number | null;
  /** Agreement metrics: the rest of the traffic and the spread between peer slices, in degradation units. */
  reference?: { level: number; upper: number; spread: number };
  evidence: { anchored: Evidence; change: Evidence } | null;
  /** drift_psi: what the canary's inputs were compared with (docs/policy.md, "Advisory checks"). */
  driftReference?: DriftReference;
  /** Set once failed: when, by which detector, after how many observations. */
  failed?: { at: string; detector: Detector; n: number };
  eta?: Eta;
  reason: { code: ReasonCode; text: string };
}

/**
 * The reference of a drift check: the calibration set's distribution (for this slice, or for the
 * whole deployment when the sender gave none per slice), else the canary's first hour of the epoch.
 * n: the reference's count (the calibration set's, or the first hour's requests with the feature).
 */
export type DriftReference =
  | { kind: "calibration"; dataset: string; scope: "slice" | "deployment"; n: number }
  | { kind: "canary_first_hour"; from: string; to: string; complete: boolean; n: number };

export interface CellVerdict {
  dimension: string;
  value: string;
  /** Order of first appearance (1 = first): sets the cell's share of the false-alarm budget. */
  order: number;
  n: { shadow: number; arms: number };
  status: Status;
  checks: CheckVerdict[];
}

export interface WorstCell {
  dimension: string;
  value: string;
  status: Status;
  metric: Metric | null;
  check: number | null;
}

export interface Verdict {
  schema: typeof VERDICT_SCHEMA;
  deployment: string;
  evaluatedAt: string;
  epoch: { id: number; startedAt: string; reason: EpochReason };
  policy: { name: string; version: number };
  status: Status;
  /** When the deployment entered this status. */
  since: string;
  reason: { code: ReasonCode; text: string; dimension?: string; value?: string; metric?: Metric; check?: number };
  worstCell: WorstCell | null;
  /** Cells per status. */
  counts: Record<Status, number>;
  /** Cells seen but not judged because the policy's max_cells was reached. */
  notJudged: number;
  guarantee: { alpha: number; checks: number; shares: { anchored: number; change: number; reference: number } };
  cells: CellVerdict[];
}

export type EpochReason = "canary_start" | "policy_change" | "manifest_change" | "operator_reset" | "recovered";
