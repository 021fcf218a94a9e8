// Structured reasons → the sentences pages, incidents and webhooks show. The code and its
// fields travel with the verdict; the text is only ever rendered from them, never parsed.
import type { Metric } from "@/lib/policy";
import { cellLabel } from "./cells";
import type { Family } from "./checks";
import type { CellVerdict, CheckVerdict, Detector, Eta, ReasonCode, Status, Verdict } from "./types";

export interface CheckFacts {
  code: ReasonCode;
  metric: Metric;
  family: Family;
  n: number;
  estimate?: number;
  theta?: number;
  thetaPass?: number;
  upper?: number;
  logA?: number;
  thrA?: number;
  logC?: number;
  thrC?: number;
  detector?: Detector;
  at?: number;
  log?: number;
  logThreshold?: number;
  /** Observations when the check failed. */
  failedN?: number;
  minSamples?: number;
  eta?: Eta;
  /** Pages: why no time to a decision is given (a closed range, stopped traffic), said instead of the ETA. */
  etaHidden?: string;
}

const DETECTOR: Record<Detector, string> = { anchored: "anchored e-process", change: "change detector", "e-bh": "e-BH at the first failure" };

/** A degradation in the metric's own terms. */
export function formatDegradation(metric: Metric, family: Family, x: number): string {
  if (metric === "kl_divergence") return `${x.toFixed(4)} nats`;
  if (family === "quantile") return `${(100 * x).toFixed(1)} pts more pairs over the threshold`;
  if (family === "rank") return `${(100 * x).toFixed(0)}% of pairs slower`;
  return `${(100 * x).toFixed(2)} pts`;
}

/** An e-value from its log, e.g. 3.2e9. */
export function formatE(log: number): string {
  if (!Number.isFinite(log)) return log > 0 ? "∞" : "0";
  const e = Math.exp(log);
  if (e < 1000 && e >= 0.01) return e.toPrecision(3);
  const l10 = log / Math.LN10;
  let exp = Math.floor(l10);
  let mantissa = (10 ** (l10 - exp)).toFixed(1);
  // log(1e6)/ln 10 is 5.999…: the mantissa rounds to 10.0, which is 1.0 of the next power.
  if (mantissa === "10.0") {
    mantissa = "1.0";
    exp++;
  }
  return `${mantissa}e${exp}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

const pairsOf = (family: Family) => (family === "paired" || family === "agreement" ? "pairs" : "request pairs");

export function checkReason(f: CheckFacts): { code: ReasonCode; text: string } {
  const d = (x: number | undefined) => (x === undefined ? "?" : formatDegradation(f.metric, f.family, x));
  let text: string;
  switch (f.code) {
    case "failed":
      text = `${f.metric} failed (${DETECTOR[f.detector!]}) after ${(f.failedN ?? f.n).toLocaleString("en")} pairs: e-value ${formatE(f.log!)} ≥ ${formatE(f.logThreshold!)}; now degradation ${d(f.estimate)} vs allowed ${d(f.theta)} over ${f.n.toLocaleString("en")} pairs`;
      break;
    case "evidence_building": {
      const anchored = f.logA! - f.thrA! >= f.logC! - f.thrC!;
      text = `${f.metric}: evidence building (${anchored ? "anchored" : "change"} e-value ${formatE(anchored ? f.logA! : f.logC!)} of ${formatE(anchored ? f.thrA! : f.thrC!)}), degradation ${d(f.estimate)} vs allowed ${d(f.theta)}`;
      break;
    }
    case "within_allowance":
      text = `${f.metric} within its allowance: degradation ≤ ${d(f.upper)} (always-valid bound) ≤ ${d(f.thetaPass)}, ${f.n.toLocaleString("en")} pairs`;
      break;
    case "inconclusive": {
      const e = f.eta;
      const more = f.etaHidden !== undefined ? ` ${f.etaHidden}` : e && e.requests !== null ? ` ~${Math.ceil(e.requests).toLocaleString("en")} more pairs${e.seconds !== null ? ` (~${formatDuration(e.seconds)} at the current rate)` : ""} to ${e.toward}` : " no estimate of when it decides";
      text = `${f.metric} inconclusive at ${f.n.toLocaleString("en")} pairs: degradation ${d(f.estimate)} (≤ ${d(f.upper)}), allowed ${d(f.theta)};${more}`;
      break;
    }
    case "too_few":
      text = `${f.metric}: ${f.n} of ${f.minSamples} pairs, too few to say anything yet`;
      break;
    case "no_data":
      text =
        f.family === "paired" || f.family === "agreement"
          ? `${f.metric}: no ${f.metric === "error_rate" || f.metric === "fallback_rate" ? "request pairs (both arms' spans with one quantlens.request.id)" : "shadow pairs"} in this cell yet`
          : `${f.metric}: no ${pairsOf(f.family)} with both arms' latency yet`;
      break;
    default:
      text = f.metric;
  }
  return { code: f.code, text };
}

export interface DeploymentFacts {
  status: Status;
  top: { cell: CellVerdict; check: CheckVerdict } | null;
  failing: number;
  blocking: CheckVerdict | null;
  pairs: number;
  minSamples: number;
}

export function deploymentReason(f: DeploymentFacts): Verdict["reason"] {
  const where = f.top ? { dimension: f.top.cell.dimension, value: f.top.cell.value, metric: f.top.check.metric, check: f.top.check.check } : {};
  switch (f.status) {
    case "fail":
      return {
        code: "failed",
        ...where,
        text: `${f.top!.check.metric} fails in ${cellLabel(f.top!.cell)}: ${f.top!.check.reason.text}${f.failing > 1 ? ` (${f.failing - 1} more failing check${f.failing > 2 ? "s" : ""})` : ""}`,
      };
    case "marginal":
      return { code: "evidence_building", ...where, text: `evidence building in ${cellLabel(f.top!.cell)}: ${f.top!.check.reason.text}` };
    case "pass":
      return { code: "within_allowance", text: "every check of the whole deployment is within its allowance, and no slice shows harm" };
    case "inconclusive":
      return {
        code: "inconclusive",
        ...(f.blocking ? { dimension: "", value: "", metric: f.blocking.metric, check: f.blocking.check } : {}),
        text: f.blocking ? `no harm found; not yet shown within allowance: ${f.blocking.reason.text}` : "no harm found; not yet shown within allowance",
      };
    default:
      return f.pairs === 0
        ? { code: "no_data", text: "no request pairs yet: the canary and its baseline must both report the same requests" }
        : { code: "too_few", text: `too few pairs yet to say anything (${f.pairs} so far; each check needs ${f.minSamples})` };
  }
}
