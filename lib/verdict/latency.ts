// Latency checks from per-arm latencies (drawn from the window's histograms, see
// histogram-samples.ts).
// Percentiles: distribution-free order-statistic interval per arm at level c, combined into an
// interval for the difference by adding the per-side distances in quadrature (as Price & Bonett
// 2002 do for medians): D − √((q_b⁺)² + (q_c⁻)²) … D + √((q_b⁻)² + (q_c⁺)²), q± the per-arm
// distances from estimate to bound. Asymptotically level c; much tighter than Bonferroni. latency_rank: Hodges-Lehmann shift of
// log(1 + ms) with its Moses interval (relative allowance) or of ms (absolute), and the
// Mann-Whitney test of the shifted canary for the p-value. These are fixed-n intervals on the
// window's data: not always-valid (see docs/policy.md).
import { hodgesLehmann, mannWhitneyU, median, sortAscending } from "@/lib/stats";
import { allowedAbsolute, unavailable, type MetricContext } from "./comparison";
import { pFromInterval } from "./evidence";
import { thinSorted } from "./histogram-samples";
import { quantileInterval } from "./quantile-ci";
import type { MetricComparison } from "./types";

const RANK_MAX = 1500;

export type LatencyMetric = "latency_p50" | "latency_p95" | "latency_p99" | "latency_rank";

const P: Record<Exclude<LatencyMetric, "latency_rank">, number> = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 };

export function compareLatency(
  metric: LatencyMetric,
  samples: { baseline: number[]; canary: number[] } | undefined,
  ctx: MetricContext,
): MetricComparison {
  const n = { baseline: samples?.baseline.length ?? 0, canary: samples?.canary.length ?? 0 };
  const unit = metric === "latency_rank" && ctx.check.allowed_degradation.kind === "relative" ? "ratio" : "ms";
  if (!samples || n.baseline === 0 || n.canary === 0) {
    return unavailable(metric, unit, `no latency samples from the ${n.baseline === 0 ? "baseline" : "canary"} arm`, n);
  }
  const method = "fixed-n on the window's latency histogram";
  if (metric === "latency_rank") return rank(samples, ctx, n, unit, method);
  const conf = ctx.check.confidence;
  const b = quantileInterval(sortAscending(samples.baseline), P[metric], conf);
  const c = quantileInterval(sortAscending(samples.canary), P[metric], conf);
  const estimate = c.estimate - b.estimate;
  const lower = estimate - Math.hypot(c.estimate - c.lower, b.upper - b.estimate);
  const upper = estimate + Math.hypot(c.upper - c.estimate, b.estimate - b.lower);
  const allowed = allowedAbsolute(ctx.check, b.estimate);
  return {
    metric,
    baseline: b.estimate,
    canary: c.estimate,
    delta: estimate,
    degradation: { estimate, lower, upper },
    allowed,
    pValue: Number.isFinite(lower) && Number.isFinite(upper) ? pFromInterval(estimate, lower, upper, conf, allowed) : 1,
    n,
    method: `order-statistic, ${method}`,
    unit,
  };
}

function rank(
  s: { baseline: number[]; canary: number[] },
  ctx: MetricContext,
  n: { baseline: number; canary: number },
  unit: MetricComparison["unit"],
  method: string,
): MetricComparison {
  const relative = ctx.check.allowed_degradation.kind === "relative";
  const tf = relative ? (v: number) => Math.log1p(Math.max(0, v)) : (v: number) => v;
  // Pairwise statistics are O(n·m): a stratified 1,500 per arm keeps each cell to milliseconds.
  const x = thinSorted(Array.from(sortAscending(s.canary)), RANK_MAX).map(tf);
  const y = thinSorted(Array.from(sortAscending(s.baseline)), RANK_MAX).map(tf);
  const hl = hodgesLehmann(x, y, { confLevel: ctx.check.confidence });
  // Relative: a shift s of log(1+ms) is a factor e^s, reported as e^s − 1.
  const out = relative ? (v: number) => Math.expm1(v) : (v: number) => v;
  const allowed = relative ? ctx.check.allowed_degradation.value : allowedAbsolute(ctx.check, median(s.baseline));
  const shift = relative ? Math.log1p(allowed) : allowed;
  // H0: canary − baseline ≤ allowed; test the canary moved back by the allowance.
  const p = mannWhitneyU(x.map((v) => v - shift), y, { alternative: "greater" }).pValue;
  const estimate = out(hl.estimate);
  return {
    metric: "latency_rank",
    baseline: median(s.baseline),
    canary: median(s.canary),
    delta: estimate,
    degradation: { estimate, lower: out(hl.lower), upper: out(hl.upper) },
    allowed,
    pValue: p,
    n,
    method: `Hodges-Lehmann/Mann-Whitney, ${method}`,
    unit,
  };
}
