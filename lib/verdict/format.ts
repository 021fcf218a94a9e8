// Reasons in numbers, e.g. "canary exact-match 0.412 vs reference 0.861 (−44.9 pts, 95%
// always-valid CI −49.0 to −40.8) exceeds allowed −3.0 pts; n=812/9,904". n is canary/baseline
// (canary/reference for agreement metrics). Deltas and intervals are canary − baseline.
import { METRIC_INFO, type Metric, type ResolvedCheck } from "@/lib/policy";
import type { Decision } from "./rules";
import type { MetricComparison } from "./types";

const LABEL: Record<Metric, string> = {
  latency_p50: "p50 latency",
  latency_p95: "p95 latency",
  latency_p99: "p99 latency",
  latency_rank: "median latency",
  error_rate: "error rate",
  fallback_rate: "fallback rate",
  exact_match: "exact-match",
  token_agreement: "token agreement",
  kl_divergence: "KL divergence",
  task_score: "task score",
  memory_peak: "peak memory",
  memory_steady: "steady memory",
  drift_psi: "input drift",
};

const sign = (v: number) => (v < 0 ? "−" : v > 0 ? "+" : "±");
const count = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "fixed");

function bytes(v: number): string {
  const a = Math.abs(v);
  if (a >= 2 ** 30) return `${(v / 2 ** 30).toFixed(2)} GiB`;
  if (a >= 2 ** 20) return `${(v / 2 ** 20).toFixed(1)} MiB`;
  return `${Math.round(v)} B`;
}

function level(c: MetricComparison, v: number): string {
  if (c.metric.startsWith("latency_")) return `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  if (c.unit === "bytes") return bytes(v);
  if (c.unit === "nats") return v.toFixed(4);
  return v.toFixed(3);
}

/** A signed difference in the comparison's delta unit. */
function diff(c: MetricComparison, v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "+∞" : "−∞";
  const a = Math.abs(v);
  switch (c.unit) {
    case "ratio":
      return c.metric === "latency_rank" ? `${sign(v)}${(a * 100).toFixed(1)}%` : `${sign(v)}${(a * 100).toFixed(1)} pts`;
    case "score":
      return `${sign(v)}${(a * 100).toFixed(1)} pts`;
    case "ms":
      return `${sign(v)}${a.toFixed(a < 10 ? 2 : 1)} ms`;
    case "bytes":
      return `${sign(v)}${bytes(a)}`;
    case "nats":
      return `${sign(v)}${a.toFixed(4)}`;
    case "psi":
      return a.toFixed(3);
  }
}

export function formatReason(c: MetricComparison, check: ResolvedCheck, d: Decision, extra: { adjustedP: number | null; q: number | null; etaSeconds?: number | null }): string {
  const n = `n=${count(c.n.canary)}/${count(c.n.baseline)}`;
  const eta = extra.etaSeconds === undefined ? "" : extra.etaSeconds === null ? "; no decision expected at the current traffic" : `; ~${formatDuration(extra.etaSeconds)} to a decision at the current traffic`;
  const label = c.feature && c.metric === "drift_psi" ? `PSI of ${c.feature}` : LABEL[c.metric] + (c.feature ? ` (${c.feature})` : "");
  if (d.why === "samples") return `${label}: ${n} below min_samples ${check.min_samples} per arm${eta}`;
  if (d.why === "unavailable" || !c.degradation || c.allowed === null) return `${label}: ${c.unavailable ?? "no usable data"}${eta}`;
  const s = METRIC_INFO[c.metric].direction === "lower_is_better" ? 1 : -1;
  const [lo, hi] = s === 1 ? [c.degradation.lower, c.degradation.upper] : [-c.degradation.upper, -c.degradation.lower];
  const ci = `${Math.round(check.confidence * 1000) / 10}% ${c.method === "always-valid" ? "always-valid " : ""}CI`;
  const allowed = c.metric === "drift_psi" ? c.allowed.toFixed(3) : diff(c, s * c.allowed);
  const head =
    c.metric === "drift_psi"
      ? `${label} ${c.degradation.estimate.toFixed(3)} (${ci} ${lo.toFixed(3)} to ${hi.toFixed(3)})`
      : `canary ${label} ${level(c, c.canary!)} vs ${METRIC_INFO[c.metric].agreement ? "reference" : "baseline"} ${level(c, c.baseline!)} (${diff(c, c.delta!)}, ${
          c.method === "observed maximum" ? "observed maxima, no sampling interval" : `${ci} ${diff(c, lo)} to ${diff(c, hi)}`
        })`;
  const verdict: Record<Exclude<Decision["why"], "samples" | "unavailable">, string> = {
    within: `within allowed ${allowed}`,
    beyond: `exceeds allowed ${allowed}`,
    not_significant: `exceeds allowed ${allowed} but not after FDR across cells (BH-adjusted p=${extra.adjustedP?.toPrecision(2)} > q=${extra.q})`,
    straddles: `is worse than baseline and may exceed allowed ${allowed}`,
    too_wide: `is too uncertain to judge against allowed ${allowed}`,
  };
  return `${head} ${verdict[d.why]}; ${n}${eta}`;
}

export function formatDuration(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}
