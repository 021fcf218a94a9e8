// What the judgment remembers per deployment between evaluations: one epoch of evidence.
// Plain JSON-able objects, so the evaluator can checkpoint them and the simulation can
// round-trip them through the same codec.
import type { Detectors, Recent } from "./betting";
import type { ConfidenceState } from "./confidence";
import type { P2State } from "./quantile";
import type { Detector, EpochReason, Status } from "./types";

export interface CellState {
  /** Order of first appearance in the epoch, from 1. */
  order: number;
  shadow: number;
  arms: number;
  /** Running baseline and canary latency quantiles (keyed by quantile, e.g. "0.95"). */
  latency: Record<string, { baseline: P2State; canary: P2State }>;
  /** Evaluator clock (epoch ms) of the first and last pair. */
  firstAt: number;
  lastAt: number;
  /** This cell's evidence per check (keyed by the check's index in the policy). */
  keys: Record<string, KeyState>;
}

export interface Failure {
  at: number;
  detector: Detector;
  n: number;
  log: number;
  logThreshold: number;
}

export interface KeyState {
  cell: string;
  check: number;
  /** Observations, Σx, Σx² of the degradation x. */
  n: number;
  sum: number;
  sumsq: number;
  detectors: Detectors;
  /** What the adaptive bettor learns from. */
  recent: Recent;
  /** Confidence sequence of the mean of x (for "pass" and the interval shown). */
  cs: ConfidenceState;
  /** Relative allowances of paired checks: the baseline's own level. */
  base?: ConfidenceState;
  /** Σ baseline level, Σ canary level (metric units) and their count, for display. */
  levelBaseline: number;
  levelCanary: number;
  levelN: number;
  firstAt: number;
  lastAt: number;
  /** The strongest detector's log-statistic minus its log-threshold, as of the key's last batch. */
  excess: number;
  failed?: Failure;
  /**
   * After a failure, confidence sequences started at fixed spacings after it (the newest few):
   * the resolution rule asks whether any of them shows the check within its allowance.
   */
  recovery?: { since: number; n: number; cs: ConfidenceState }[];
}

export interface EpochState {
  id: number;
  startedAt: number;
  reason: EpochReason;
  policyVersion: number;
  /** Which stored policy (scope and version): a different one starts a new epoch. */
  policyKey: string;
  canaryManifest: string;
}

export interface DeploymentState {
  deployment: string;
  epoch: EpochState;
  cells: Record<string, CellState>;
  /** Agreement checks: every pair of the epoch, the reference each slice is compared with. */
  everything: Record<string, ConfidenceState>;
  nextOrder: number;
  /** Cells past max_cells (counted once each, up to a bound). */
  notJudged: string[];
  /** When e-BH listed the failing cells (at the deployment's first failure). */
  ebhAt: number | null;
  status: Status;
  statusSince: number;
  pairs: number;
  /** Keys failed so far (of any check). */
  failures: number;
}

export const keyId = (cell: string, check: number): string => `${cell}\u0001${check}`;

/** The evidence of (cell, check), if any. */
export const keyOf = (s: DeploymentState, cell: string, check: number): KeyState | undefined => s.cells[cell]?.keys[check];

/** Every (cell, check) with evidence. */
export function* allKeys(s: DeploymentState): Generator<KeyState> {
  for (const c in s.cells) {
    const keys = s.cells[c].keys;
    for (const k in keys) yield keys[k];
  }
}
export function newDeploymentState(deployment: string, epoch: EpochState): DeploymentState {
  return { deployment, epoch, cells: {}, everything: {}, nextOrder: 1, notJudged: [], ebhAt: null, status: "insufficient_data", statusSince: epoch.startedAt, pairs: 0, failures: 0 };
}

// JSON has no ±Infinity or NaN: the change detector starts at log 0 = −Infinity.
const NONFINITE = "$nf";

export function encodeState(s: unknown): string {
  return JSON.stringify(s, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? { [NONFINITE]: String(v) } : v));
}

export function decodeState<T>(text: string): T {
  return JSON.parse(text, (_k, v) => (v && typeof v === "object" && NONFINITE in v && Object.keys(v).length === 1 ? Number(v[NONFINITE]) : v)) as T;
}
