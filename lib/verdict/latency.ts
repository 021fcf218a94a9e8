// Latency checks on the window's latency histograms (log2 bins, 32 per octave: bin b holds
// 1 + ms in [2^(b/32), 2^((b+1)/32))), using every request rather than a sample. Exact on the
// binned data; the binning costs at most one bin width (~2.2%) of resolution.
// Percentiles: distribution-free order-statistic interval per arm at level c, combined into an
// interval for the difference by adding the per-side distances in quadrature (as Price & Bonett
// 2002 do for medians): D − √((q_b⁺)² + (q_c⁻)²) … D + √((q_b⁻)² + (q_c⁺)²), q± the per-arm
// distances from estimate to bound. latency_rank: Hodges-Lehmann shift of log2(1 + ms) with its
// Moses interval, reported as a ratio (relative allowance) or in ms at the baseline median
// (absolute allowance), and the Mann-Whitney test of the canary moved back by the allowance for
// the p-value. Fixed-n, not always-valid (see docs/policy.md).
import { binnedHodgesLehmann, binnedMannWhitneyGreater, binnedOrderStatistic, binnedQuantileInterval, binnedTotal, type Binned } from "@/lib/stats";
import { allowedAbsolute, unavailable, type MetricContext } from "./comparison";
import { pFromInterval } from "./evidence";
import { binMidpointMs } from "./histogram-samples";
import type { MetricComparison } from "./types";

export type LatencyMetric = "latency_p50" | "latency_p95" | "latency_p99" | "latency_rank";

const P: Record<Exclude<LatencyMetric, "latency_rank">, number> = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 };
const BINS_PER_OCTAVE = 32;

/** Bin shift → ratio of (1 + ms) minus one. */
const binsToRatio = (d: number) => Math.pow(2, d / BINS_PER_OCTAVE) - 1;
const ratioToBins = (r: number) => BINS_PER_OCTAVE * Math.log2(1 + r);
const msAt = (bin: number) => (Number.isFinite(bin) ? binMidpointMs(bin) : bin);

export function compareLatency(metric: LatencyMetric, hist: { baseline: Binned; canary: Binned } | undefined, ctx: MetricContext): MetricComparison {
  const n = { baseline: hist ? binnedTotal(hist.baseline) : 0, canary: hist ? binnedTotal(hist.canary) : 0 };
  const unit = metric === "latency_rank" && ctx.check.allowed_degradation.kind === "relative" ? "ratio" : "ms";
  if (!hist || n.baseline === 0 || n.canary === 0) {
    return unavailable(metric, unit, `no latency data from the ${n.baseline === 0 ? "baseline" : "canary"} arm`, n);
  }
  const method = "the window's latency histogram";
  if (metric === "latency_rank") return rank(hist, ctx, n, unit, method);
  const conf = ctx.check.confidence;
  const bq = binnedQuantileInterval(hist.baseline, P[metric], conf);
  const cq = binnedQuantileInterval(hist.canary, P[metric], conf);
  const b = { estimate: msAt(bq.estimate), lower: msAt(bq.lower), upper: msAt(bq.upper) };
  const c = { estimate: msAt(cq.estimate), lower: msAt(cq.lower), upper: msAt(cq.upper) };
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
  h: { baseline: Binned; canary: Binned },
  ctx: MetricContext,
  n: { baseline: number; canary: number },
  unit: MetricComparison["unit"],
  method: string,
): MetricComparison {
  const relative = ctx.check.allowed_degradation.kind === "relative";
  const medianBin = binnedOrderStatistic(h.baseline, Math.ceil(n.baseline / 2));
  const baseMedian = binMidpointMs(medianBin);
  const hl = binnedHodgesLehmann(h.canary, h.baseline, ctx.check.confidence);
  // Relative: a shift of d bins multiplies 1 + ms by 2^(d/32). Absolute: that factor applied
  // at the baseline median, in ms.
  const out = relative ? binsToRatio : (d: number) => binsToRatio(d) * (1 + baseMedian);
  const allowed = relative ? ctx.check.allowed_degradation.value : allowedAbsolute(ctx.check, baseMedian);
  const shift = ratioToBins(relative ? allowed : allowed / (1 + baseMedian));
  // H0: canary − baseline ≤ allowed; test the canary moved back by the allowance.
  const p = binnedMannWhitneyGreater(h.canary, h.baseline, shift).pValue;
  const estimate = out(hl.estimate);
  return {
    metric: "latency_rank",
    baseline: baseMedian,
    canary: binMidpointMs(binnedOrderStatistic(h.canary, Math.ceil(n.canary / 2))),
    delta: estimate,
    degradation: { estimate, lower: out(hl.lower), upper: out(hl.upper) },
    allowed,
    pValue: p,
    n,
    method: `Hodges-Lehmann/Mann-Whitney on ${method}`,
    unit,
  };
}
