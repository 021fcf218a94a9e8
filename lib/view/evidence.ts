// One check's evidence as the page lists it, in the metric's own units: the always-valid interval
// of its degradation, the e-values against their thresholds, n, the allowance and the time to a
// decision (only where lib/view/decision-time says it means something). Pure.
import type { Family } from "@/lib/judgment/checks";
import { checkReason, formatDegradation, formatDuration, formatE } from "@/lib/judgment/reason";
import type { CheckVerdict } from "@/lib/judgment/types";
import { METRIC_INFO, type Metric } from "@/lib/policy";
import type { DecisionTime } from "./decision-time";
import { bytes, count } from "./format";

export function familyOf(metric: Metric): Family {
  if (metric === "latency_rank") return "rank";
  if (metric.startsWith("latency_")) return "quantile";
  return METRIC_INFO[metric].agreement ? "agreement" : "paired";
}

/** A degradation (or allowance) in the metric's own units, as the reason text writes it. */
export function degradationText(metric: Metric, x: number): string {
  if (metric === "memory_peak" || metric === "memory_steady") return bytes(x);
  if (metric === "drift_psi") return x.toFixed(3);
  return formatDegradation(metric, familyOf(metric), x);
}

/** What n counts for the metric. */
export function nUnit(metric: Metric): string {
  const source = METRIC_INFO[metric].source;
  if (metric === "drift_psi") return "values (the smaller arm)";
  if (source === "aggregate") return "minutes of gauges (the smaller arm)";
  return source === "shadow" ? "shadow pairs" : "request pairs (both arms)";
}

export interface EvidenceView {
  /** [lower, upper] of the mean degradation, always-valid; null for advisory checks. */
  interval: string | null;
  estimate: string | null;
  evalues: { detector: "anchored" | "change"; e: string; threshold: string; reached: boolean }[];
  n: string;
  nUnit: string;
  allowance: string | null;
  /** Agreement metrics: the rest of the traffic and the peer spread, in degradation units. */
  reference: string | null;
  /** The time to a decision, or why none is given; null when the check has none (decided, too few). */
  eta: string | null;
  /** Once failed: when, by which detector (e-BH: listed at the first failure, with FDR control), after how many. */
  failed: { at: string; detector: "anchored" | "change" | "e-bh"; n: string } | null;
  /** The check's reason, without the ETA where it must not show. */
  reason: string;
}

function etaText(c: CheckVerdict): string | null {
  const e = c.eta;
  if (!e) return c.status === "inconclusive" ? "no estimate of when it decides" : null;
  if (e.requests === null) return `toward ${e.toward}: no estimate yet`;
  return `~${count(Math.ceil(e.requests))} more ${nUnit(c.metric)} to ${e.toward}${e.seconds !== null ? `, ~${formatDuration(e.seconds)} at the current rate` : ""}`;
}

/** The reason as the page shows it: the persisted text, or the inconclusive one re-rendered without its ETA. */
export function reasonText(c: CheckVerdict, time: DecisionTime): string {
  if (time.show || c.reason.code !== "inconclusive" || !c.degradation) return c.reason.text;
  return checkReason({
    code: "inconclusive",
    metric: c.metric,
    family: familyOf(c.metric),
    n: c.n,
    estimate: c.degradation.estimate,
    upper: c.degradation.upper,
    theta: c.allowed ?? undefined,
    etaHidden: time.text,
  }).text;
}

export function evidenceOf(c: CheckVerdict, time: DecisionTime): EvidenceView {
  const d = (x: number) => degradationText(c.metric, x);
  const advisory = METRIC_INFO[c.metric].source === "aggregate";
  const evalues = c.evidence
    ? (["anchored", "change"] as const).map((detector) => {
        const ev = c.evidence![detector];
        return { detector, e: formatE(ev.log), threshold: formatE(ev.logThreshold), reached: ev.log >= ev.logThreshold };
      })
    : [];
  const ref = c.reference;
  return {
    interval: c.degradation && !advisory ? `[${d(c.degradation.lower)}, ${d(c.degradation.upper)}]` : null,
    estimate: c.degradation ? d(c.degradation.estimate) : null,
    evalues,
    n: count(c.n),
    nUnit: nUnit(c.metric),
    allowance: c.allowed === null ? null : `${advisory ? "+" : "≤ "}${d(c.allowed)}`,
    reference: ref ? `rest of the traffic ${d(ref.level)} (upper bound ${d(ref.upper)}), peer spread ${d(ref.spread)}` : null,
    eta: time.show || c.status !== "inconclusive" ? etaText(c) : time.text,
    failed: c.failed ? { at: `${c.failed.at.slice(0, 19).replace("T", " ")} UTC`, detector: c.failed.detector, n: count(c.failed.n) } : null,
    reason: reasonText(c, time),
  };
}
