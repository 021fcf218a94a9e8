// Query rows → chart rows (one object per minute, one key per line). Pure and plain-data, so
// server pages can build them and hand them to the client chart wrappers.
import { binLowerEdge, BINS_PER_OCTAVE, signedBinLowerEdge } from "@/lib/stats/log-bins";
import type { DriftPoint, HistogramRow, MemoryPoint, RequestPoint, ShadowPoint } from "@/lib/telemetry/series";

export type ChartRow = Record<string, string | number | null>;

/** Baseline in blues, canary in oranges: distinguishable with common colour-blindness. */
export const ARM_COLORS = { baseline: "blue-600", canary: "orange-500" } as const;
const SHADES = { baseline: ["blue-300", "blue-600", "blue-900"], canary: ["amber-400", "orange-500", "orange-800"] } as const;

/** 'YYYY-MM-DD hh:mm:ss' → 'hh:mm' (or 'MM-DD hh:mm' for multi-day windows). */
export function minuteLabel(minute: string, multiDay: boolean): string {
  return multiDay ? `${minute.slice(5, 10)} ${minute.slice(11, 16)}` : minute.slice(11, 16);
}

function pivot<T extends { t: string }>(rows: T[], multiDay: boolean, put: (row: ChartRow, r: T) => void): ChartRow[] {
  const byMinute = new Map<string, ChartRow>();
  for (const r of rows) {
    let row = byMinute.get(r.t);
    if (!row) byMinute.set(r.t, (row = { minute: minuteLabel(r.t, multiDay) }));
    put(row, r);
  }
  return [...byMinute.entries()].sort((a, b) => a[0].localeCompare(b[0])).map((e) => e[1]);
}

const ARMS = ["baseline", "canary"] as const;

export function latencyChart(rows: RequestPoint[], multiDay: boolean, quantiles: ("p50" | "p95" | "p99")[] = ["p50", "p95", "p99"]) {
  const categories = ARMS.flatMap((a) => quantiles.map((q) => `${a} ${q}`));
  const colors = ARMS.flatMap((a) => quantiles.map((q) => SHADES[a][["p50", "p95", "p99"].indexOf(q)]));
  const data = pivot(rows, multiDay, (row, r) => {
    for (const q of quantiles) if (r.requests > 0) row[`${r.arm} ${q}`] = Number(r[q]);
  });
  return { data, categories, colors };
}

export function rateChart(rows: RequestPoint[], multiDay: boolean, field: "fallbacks" | "errors") {
  const data = pivot(rows, multiDay, (row, r) => {
    row[r.arm] = r.requests > 0 ? Number(r[field]) / Number(r.requests) : null;
  });
  return { data, categories: [...ARMS], colors: [ARM_COLORS.baseline, ARM_COLORS.canary] };
}

export function agreementChart(rows: ShadowPoint[], multiDay: boolean) {
  const data = pivot(rows, multiDay, (row, r) => {
    row["exact match"] = r.pairs > 0 ? Number(r.exact_matches) / Number(r.pairs) : null;
    row["token agreement"] = r.pairs > 0 ? Number(r.agreement_sum) / Number(r.pairs) : null;
  });
  return { data, categories: ["exact match", "token agreement"], colors: ["violet-600", "teal-500"] };
}

const KINDS = ["weights", "kv_cache", "activations"] as const;

export function memoryChart(rows: MemoryPoint[], multiDay: boolean) {
  const categories = ARMS.flatMap((a) => KINDS.map((k) => `${a} ${k}`));
  const colors = ARMS.flatMap((a) => [...SHADES[a]]);
  const data = pivot(rows, multiDay, (row, r) => {
    if ((KINDS as readonly string[]).includes(r.kind)) row[`${r.arm} ${r.kind}`] = Number(r.peak);
  });
  return { data, categories, colors };
}

/** One chart per feature: mean input value per minute, both arms. */
export function driftCharts(rows: DriftPoint[], multiDay: boolean) {
  const features = [...new Set(rows.map((r) => r.feature))].sort();
  return features.map((feature) => ({
    feature,
    data: pivot(rows.filter((r) => r.feature === feature), multiDay, (row, r) => {
      if (r.samples > 0) row[r.arm] = Number(r.mean);
    }),
    categories: [...ARMS],
    colors: [ARM_COLORS.baseline, ARM_COLORS.canary],
  }));
}

/** Latency bins merged `per` at a time (8: 4 per octave), both arms as shares of their requests. */
export function latencyDistribution(rows: HistogramRow[], per = BINS_PER_OCTAVE / 4) {
  const merged = new Map<number, { baseline: number; canary: number }>();
  const totals = { baseline: 0, canary: 0 };
  for (const r of rows) {
    if (r.arm !== "baseline" && r.arm !== "canary") continue;
    r.bins.forEach((b, i) => {
      const k = Math.floor(Number(b) / per);
      const e = merged.get(k) ?? { baseline: 0, canary: 0 };
      e[r.arm as "baseline" | "canary"] += Number(r.counts[i]);
      totals[r.arm as "baseline" | "canary"] += Number(r.counts[i]);
      merged.set(k, e);
    });
  }
  const keys = [...merged.keys()].sort((a, b) => a - b);
  if (keys.length === 0) return { data: [], categories: [...ARMS], colors: [ARM_COLORS.baseline, ARM_COLORS.canary] };
  const data: Record<string, string | number>[] = [];
  for (let k = keys[0]; k <= keys[keys.length - 1]; k++) {
    const e = merged.get(k) ?? { baseline: 0, canary: 0 };
    const lo = binLowerEdge(k * per);
    data.push({
      bin: `≥${lo >= 100 ? Math.round(lo) : lo.toFixed(lo >= 10 ? 0 : 1)} ms`,
      baseline: totals.baseline ? e.baseline / totals.baseline : 0,
      canary: totals.canary ? e.canary / totals.canary : 0,
    });
  }
  return { data, categories: [...ARMS], colors: [ARM_COLORS.baseline, ARM_COLORS.canary] };
}

/**
 * Per feature: reference (baseline) vs current (canary) shares over ~12 equal-width log bins,
 * plus the population stability index over those bins (ε-smoothed), largest shift first.
 */
export function driftDistributions(rows: HistogramRow[], target = 12) {
  const features = [...new Set(rows.map((r) => r.feature ?? ""))];
  const out = features.map((feature) => {
    const arms = { baseline: new Map<number, number>(), canary: new Map<number, number>() };
    for (const r of rows.filter((x) => (x.feature ?? "") === feature)) {
      if (r.arm !== "baseline" && r.arm !== "canary") continue;
      r.bins.forEach((b, i) => arms[r.arm as "baseline" | "canary"].set(Number(b), Number(r.counts[i])));
    }
    const all = [...arms.baseline.keys(), ...arms.canary.keys()];
    const min = Math.min(...all);
    const max = Math.max(...all);
    const width = Math.max(1, Math.ceil((max - min + 1) / target));
    const groups = Math.ceil((max - min + 1) / width);
    const share = (m: Map<number, number>) => {
      const g = new Array<number>(groups).fill(0);
      let total = 0;
      for (const [b, c] of m) {
        g[Math.floor((b - min) / width)] += c;
        total += c;
      }
      return { g: g.map((x) => (total ? x / total : 0)), total };
    };
    const ref = share(arms.baseline);
    const cur = share(arms.canary);
    const eps = 1e-4;
    let psi = 0;
    for (let i = 0; i < groups; i++) {
      const p = Math.max(ref.g[i], eps);
      const q = Math.max(cur.g[i], eps);
      psi += (q - p) * Math.log(q / p);
    }
    const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toString() : v.toFixed(Math.abs(v) >= 10 ? 0 : 2));
    const data = ref.g.map((r, i) => ({ bin: `≥${fmt(signedBinLowerEdge(min + i * width))}`, "reference (baseline)": r, "current (canary)": cur.g[i] }));
    return { feature, psi: ref.total && cur.total ? psi : null, n: { baseline: ref.total, canary: cur.total }, data };
  });
  return out.sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1));
}
