// A cell's worst check and its effect as one short phrase, in the check's own units with the
// metric named ("task score −15.0 pts", "exact match −48.2 pts vs rest", "p95 +12%"). Pure.
import { METRIC_INFO, type Metric } from "@/lib/policy";
import type { CheckVerdict } from "@/lib/judgment/types";
import { pct, pts, relChange } from "./format";
import { STATUS_RANK } from "./status";

export interface Effect {
  metric: Metric;
  /** The check's index in the policy. */
  check: number;
  /** The degradation estimate (positive = canary worse), in the check's degradation units. */
  estimate: number | null;
  /** Short, for a heatmap cell. */
  label: string;
  /** The check's own sentence (its reason), for a title or a screen reader. */
  detail: string;
}

const NAME: Record<Metric, string> = {
  latency_p50: "p50",
  latency_p95: "p95",
  latency_p99: "p99",
  latency_rank: "latency",
  error_rate: "errors",
  fallback_rate: "fallback",
  exact_match: "exact match",
  token_agreement: "token agr.",
  kl_divergence: "KL",
  task_score: "task score",
  memory_peak: "peak memory",
  memory_steady: "memory",
  drift_psi: "PSI",
};

export const metricName = (m: Metric): string => NAME[m];

/** How far past its alarm threshold a check's evidence is (log scale; larger = worse). */
const excess = (c: CheckVerdict) => (c.evidence ? Math.max(c.evidence.anchored.log - c.evidence.anchored.logThreshold, c.evidence.change.log - c.evidence.change.logThreshold) : -Infinity);

/**
 * The check that sets a cell's status: worst status first, then a check that can fail the
 * deployment, then the most evidence against its threshold. Advisory metrics (memory, drift)
 * only when nothing else judges the cell. `prefer` (a check index, e.g. the verdict's worst
 * cell's) wins when that check is present.
 */
export function worstCheck(checks: CheckVerdict[], prefer?: number | null): CheckVerdict | null {
  if (prefer !== undefined && prefer !== null) {
    const p = checks.find((c) => c.check === prefer);
    if (p) return p;
  }
  const judged = checks.filter((c) => METRIC_INFO[c.metric].sequential);
  const pool = judged.length ? judged : checks;
  return (
    [...pool].sort(
      (a, b) =>
        STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
        Number(b.failsDeployment) - Number(a.failsDeployment) ||
        excess(b) - excess(a) ||
        (b.degradation?.estimate ?? 0) - (a.degradation?.estimate ?? 0) ||
        a.check - b.check,
    )[0] ?? null
  );
}

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/** The canary's change in the metric's own units (signed the way the metric reads). */
function change(c: CheckVerdict): string {
  const d = c.degradation?.estimate ?? null;
  switch (c.metric) {
    case "task_score":
      // Degradation = baseline − canary: the canary's change is its negative.
      return d === null ? "–" : pts(-d);
    case "error_rate":
    case "fallback_rate":
      return pts(diff(c.canary, c.baseline) ?? d);
    case "exact_match":
    case "token_agreement":
      // Degradation = 1 − agreement; the reference is the rest of the traffic (none for the whole deployment).
      if (d !== null && c.reference) return `${pts(-(d - c.reference.level))} vs rest`;
      return pct(c.canary);
    case "kl_divergence":
      if (d !== null && c.reference) {
        const k = d - c.reference.level;
        return `${k < 0 ? "−" : "+"}${Math.abs(k).toFixed(3)} vs rest`;
      }
      return c.canary === null ? "–" : c.canary.toFixed(3);
    case "drift_psi":
      return c.canary === null ? "–" : `${c.canary.toFixed(3)}${c.feature ? ` ${c.feature}` : ""}`;
    default:
      // Latency and memory: the canary's level against the baseline's.
      return relChange(c.canary, c.baseline) || "–";
  }
}

export function effectOf(c: CheckVerdict): Effect {
  return { metric: c.metric, check: c.check, estimate: c.degradation?.estimate ?? null, label: `${NAME[c.metric]} ${change(c)}`, detail: c.reason.text };
}
