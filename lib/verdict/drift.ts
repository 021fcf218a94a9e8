// drift_psi: per input feature, the canary window against the reference (the baseline arm over
// the reference window). The stored bins are fine (signed log2, 32 per octave); they are merged
// into ≤ 10 bins of about equal reference mass, so the bins are fixed by the reference alone.
// Interval: under no drift PSI ≈ k·χ²(B−1) with k = 1/n_ref + 1/n_cur, so observed PSI is biased
// upward by k·(B−1). The degradation is the excess over that null mean, with the null spread
// k·√(2(B−1)) as its half-width — an approximation, fixed-n (see docs/policy.md). Without the
// bias correction, identical arms came out "marginal" about half the time.
import { jsDistanceFromCounts, normQuantile, psiFromCounts } from "@/lib/stats";
import { unavailable, type MetricContext } from "./comparison";
import type { DriftRow } from "./data";
import { pFromInterval } from "./evidence";
import type { MetricComparison } from "./types";

const COARSE_BINS = 10;

function toEntries(bins: Record<string, number>): [number, number][] {
  return Object.entries(bins)
    .map(([k, v]) => [Number(k), Number(v)] as [number, number])
    .filter(([, v]) => v > 0);
}

/** Upper fine-bin bounds (inclusive) of each coarse bin, cut on the reference's cumulative mass. */
export function coarseCuts(reference: [number, number][], bins = COARSE_BINS): number[] {
  const sorted = [...reference].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, c]) => s + c, 0);
  const cuts: number[] = [];
  let cum = 0;
  for (const [k, c] of sorted) {
    cum += c;
    if (cum >= (total * (cuts.length + 1)) / bins && cuts.length < bins - 1) cuts.push(k);
  }
  return cuts; // the last coarse bin is open above
}

export function coarseCounts(entries: [number, number][], cuts: number[]): number[] {
  const out = new Array<number>(cuts.length + 1).fill(0);
  for (const [k, c] of entries) {
    let i = 0;
    while (i < cuts.length && k > cuts[i]) i++;
    out[i] += c;
  }
  return out;
}

export function compareDrift(feature: string, ref: DriftRow | undefined, cur: DriftRow | undefined, ctx: MetricContext): MetricComparison {
  const n = { baseline: ref?.n ?? 0, canary: cur?.n ?? 0 };
  if (!ref || !cur || n.baseline === 0 || n.canary === 0) {
    return unavailable("drift_psi", "psi", `no ${!ref || n.baseline === 0 ? "reference" : "canary"} values of ${feature}`, n, { feature });
  }
  const cuts = coarseCuts(toEntries(ref.bins));
  const r = coarseCounts(toEntries(ref.bins), cuts);
  const c = coarseCounts(toEntries(cur.bins), cuts);
  const psi = psiFromCounts(r, c);
  const js = jsDistanceFromCounts(r, c);
  const k = 1 / n.baseline + 1 / n.canary;
  const df = Math.max(1, r.length - 1);
  const z = normQuantile(1 - (1 - ctx.check.confidence) / 2);
  const half = z * k * Math.sqrt(2 * df);
  const excess = Math.max(0, psi - k * df);
  const lower = Math.max(0, excess - half);
  const upper = excess + half;
  const allowed = ctx.check.allowed_degradation.value;
  return {
    metric: "drift_psi",
    feature,
    baseline: 0,
    canary: psi,
    delta: psi,
    degradation: { estimate: excess, lower, upper },
    allowed,
    pValue: pFromInterval(excess, lower, upper, ctx.check.confidence, allowed),
    n,
    method: `PSI over ${r.length} reference-quantile bins (JS distance ${js.toFixed(3)}), fixed-n`,
    unit: "psi",
  };
}
