// Query rows → chart rows (one object per minute, one key per line). Pure and plain-data, so
// server pages can build them and hand them to the client chart wrappers.
import { binLowerEdge, BINS_PER_OCTAVE } from "@/lib/stats/log-bins";
import type { CellId } from "@/lib/judgment/cells";
import type { CheckVerdict, Status } from "@/lib/judgment/types";
import type { Metric } from "@/lib/policy";
import type { HistogramRow, MemoryPoint, RequestPoint, ShadowPoint } from "@/lib/telemetry/series";
import type { FormatKind } from "@/lib/view/format-kind";
import { STATUS_RANK } from "@/lib/view/status";

export type ChartRow = Record<string, string | number | null>;

/** Baseline in blues, canary in oranges: distinguishable with common colour-blindness. */
export const ARM_COLORS = { baseline: "blue-600", canary: "orange-500" } as const;
const SHADES = { baseline: ["blue-300", "blue-600", "blue-900"], canary: ["amber-400", "orange-500", "orange-800"] } as const;

/** 'YYYY-MM-DD hh:mm:ss' → 'hh:mm' (or 'MM-DD hh:mm' for multi-day windows). */
export function minuteLabel(minute: string, multiDay: boolean): string {
  return multiDay ? `${minute.slice(5, 10)} ${minute.slice(11, 16)}` : minute.slice(11, 16);
}

/**
 * The x axis every chart of a page shares: the page's window in buckets of `step` minutes (epoch-
 * aligned, as the queries group them), at most `maxPoints` of them. The bucket that has not ended
 * by the window's end (the current, incomplete minute for a live window) is left out, so lines do
 * not plunge at the right edge; minutes without data stay null (gaps, never interpolated).
 */
export interface ChartAxis {
  /** Minutes per bucket. */
  step: number;
  /** Bucket starts, epoch ms, oldest first. */
  buckets: number[];
  multiDay: boolean;
  /** The window's last, incomplete bucket was left out. */
  partialLeftOut: boolean;
}

/** Bucket sizes that divide a day, so buckets line up across days. */
export const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440] as const;
export const MAX_POINTS = 360;

export function chartAxis(w: { from: number; to: number }, maxPoints = MAX_POINTS): ChartAxis {
  const minutes = Math.max(1, Math.ceil((w.to - w.from) / 60_000));
  const step = STEPS.find((s) => minutes / s <= maxPoints) ?? STEPS[STEPS.length - 1];
  const size = step * 60_000;
  const buckets: number[] = [];
  for (let b = Math.floor(w.from / size) * size; b + size <= w.to; b += size) buckets.push(b);
  const last = buckets.length ? buckets[buckets.length - 1] + size : Math.floor(w.from / size) * size;
  return { step, buckets, multiDay: w.to - w.from > 86_400_000, partialLeftOut: last < w.to };
}

/** Epoch ms → the queries' minute text 'YYYY-MM-DD hh:mm:ss' (UTC). */
export const bucketKey = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** One row per bucket of the axis (null where no data), whatever minutes the rows cover. */
function pivotAxis<T extends { t: string }>(rows: T[], axis: ChartAxis, put: (row: ChartRow, r: T) => void): ChartRow[] {
  const byKey = new Map<string, ChartRow>();
  const out = axis.buckets.map((b) => {
    const key = bucketKey(b);
    const row: ChartRow = { minute: minuteLabel(key, axis.multiDay) };
    byKey.set(key, row);
    return row;
  });
  for (const r of rows) {
    const row = byKey.get(r.t.slice(0, 19));
    if (row) put(row, r);
  }
  return out;
}

/** The old shape (only minutes with data), for callers without an axis. */
function pivot<T extends { t: string }>(rows: T[], multiDay: boolean, put: (row: ChartRow, r: T) => void): ChartRow[] {
  const byMinute = new Map<string, ChartRow>();
  for (const r of rows) {
    let row = byMinute.get(r.t);
    if (!row) byMinute.set(r.t, (row = { minute: minuteLabel(r.t, multiDay) }));
    put(row, r);
  }
  return [...byMinute.entries()].sort((a, b) => a[0].localeCompare(b[0])).map((e) => e[1]);
}

const pivotBy = <T extends { t: string }>(rows: T[], x: boolean | ChartAxis, put: (row: ChartRow, r: T) => void) =>
  typeof x === "boolean" ? pivot(rows, x, put) : pivotAxis(rows, x, put);

const ARMS = ["baseline", "canary"] as const;

export function latencyChart(rows: RequestPoint[], x: boolean | ChartAxis, quantiles: ("p50" | "p95" | "p99")[] = ["p50", "p95", "p99"]) {
  const categories = ARMS.flatMap((a) => quantiles.map((q) => `${a} ${q}`));
  const colors = ARMS.flatMap((a) => quantiles.map((q) => SHADES[a][["p50", "p95", "p99"].indexOf(q)]));
  const data = pivotBy(rows, x, (row, r) => {
    for (const q of quantiles) if (r.requests > 0) row[`${r.arm} ${q}`] = Number(r[q]);
  });
  return { data, categories, colors };
}

export function rateChart(rows: RequestPoint[], x: boolean | ChartAxis, field: "fallbacks" | "errors") {
  const data = pivotBy(rows, x, (row, r) => {
    row[r.arm] = r.requests > 0 ? Number(r[field]) / Number(r.requests) : null;
  });
  return { data, categories: [...ARMS], colors: [ARM_COLORS.baseline, ARM_COLORS.canary] };
}

export function agreementChart(rows: ShadowPoint[], x: boolean | ChartAxis) {
  const data = pivotBy(rows, x, (row, r) => {
    row["exact match"] = r.pairs > 0 ? Number(r.exact_matches) / Number(r.pairs) : null;
    row["token agreement"] = r.pairs > 0 ? Number(r.agreement_sum) / Number(r.pairs) : null;
  });
  return { data, categories: ["exact match", "token agreement"], colors: ["violet-600", "teal-500"] };
}

/** Mean task score per bucket of each arm, over the pairs scored on both arms. */
export function scoreChart(rows: ShadowPoint[], x: ChartAxis) {
  const data = pivotAxis(rows, x, (row, r) => {
    const n = Number(r.score_n ?? 0);
    row.baseline = n > 0 ? Number(r.score_baseline_sum) / n : null;
    row.canary = n > 0 ? Number(r.score_canary_sum) / n : null;
  });
  return { data, categories: [...ARMS], colors: [ARM_COLORS.baseline, ARM_COLORS.canary] };
}

/**
 * Mean KL(canary ‖ baseline) per bucket. KL is one number per pair (there is no baseline line), so
 * a slice is drawn against the rest of the traffic (the whole deployment minus the slice), as the
 * judgment compares it; `overall` is the whole deployment's series, omitted for the whole deployment.
 */
export function klChart(rows: ShadowPoint[], x: ChartAxis, overall?: ShadowPoint[]) {
  const cell = overall ? "this slice" : "all traffic";
  const byT = new Map(rows.map((r) => [r.t, r]));
  const data = pivotAxis(overall ?? rows, x, (row, r) => {
    const own = overall ? byT.get(r.t) : r;
    const n = Number(own?.kl_n ?? 0);
    row[cell] = n > 0 ? Number(own!.kl_sum) / n : null;
    if (overall) {
      const restN = Number(r.kl_n ?? 0) - n;
      row["rest of traffic"] = restN > 0 ? (Number(r.kl_sum) - Number(own?.kl_sum ?? 0)) / restN : null;
    }
  });
  return overall ? { data, categories: [cell, "rest of traffic"], colors: [ARM_COLORS.canary, "slate-500"] } : { data, categories: [cell], colors: [ARM_COLORS.canary] };
}

const KINDS = ["weights", "kv_cache", "activations"] as const;

export function memoryChart(rows: MemoryPoint[], x: boolean | ChartAxis) {
  const categories = ARMS.flatMap((a) => KINDS.map((k) => `${a} ${k}`));
  const colors = ARMS.flatMap((a) => [...SHADES[a]]);
  const data = pivotBy(rows, x, (row, r) => {
    if ((KINDS as readonly string[]).includes(r.kind)) row[`${r.arm} ${r.kind}`] = Number(r.peak);
  });
  return { data, categories, colors };
}

/** A round number at or above x (1, 2, 2.5, 5 × a power of ten). */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

export interface YDomain {
  minValue?: number;
  maxValue?: number;
  autoMinValue: boolean;
}

/**
 * The y range of a chart from its values: rates and scores (pct) from 0 to a round number above
 * the largest value, never past 100%, and 0–1% for an all-zero series (an axis without a range
 * reads 0–400% otherwise); other units from 0 (latency: from near its lowest value) to a round top.
 */
export function yDomain(data: ChartRow[], categories: string[], format: FormatKind): YDomain {
  let max = 0;
  let min = Infinity;
  for (const row of data) {
    for (const c of categories) {
      const v = row[c];
      if (typeof v === "number" && Number.isFinite(v)) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    }
  }
  if (format === "pct") return { minValue: 0, maxValue: max > 0 ? Math.min(1, niceCeil(max * 1.05)) : 0.01, autoMinValue: false };
  if (format === "ms") return max > 0 ? { maxValue: niceCeil(max * 1.05), autoMinValue: true } : { minValue: 0, maxValue: 1, autoMinValue: false };
  return { minValue: 0, maxValue: max > 0 ? niceCeil(max * 1.05) : 1, autoMinValue: false };
}

// ---- Which charts, in which order, and which are failing -----------------------------------

export type ChartId = "latency" | "score" | "kl" | "agreement" | "fallback" | "errors" | "memory";

/** The charts of a cell in their default order, and the policy metrics each one shows. */
export const CHART_METRICS: Record<ChartId, readonly Metric[]> = {
  score: ["task_score"],
  kl: ["kl_divergence"],
  agreement: ["exact_match", "token_agreement"],
  latency: ["latency_p50", "latency_p95", "latency_p99", "latency_rank"],
  fallback: ["fallback_rate"],
  errors: ["error_rate"],
  memory: ["memory_peak", "memory_steady"],
};
export const CHART_IDS = Object.keys(CHART_METRICS) as ChartId[];

export interface ChartState {
  id: ChartId;
  /** The worst status of the chart's checks in the cell; null when none of them is judged there. */
  status: Status | null;
  /** The checks that fail or are marginal, by metric. */
  failing: Metric[];
}

/**
 * The charts with the cell's check statuses, failing first (then marginal, then the default
 * order). `checks`: the cell's checks; memory checks live on the whole deployment's cell only.
 */
export function chartOrder(checks: readonly Pick<CheckVerdict, "metric" | "status">[], overallChecks: readonly Pick<CheckVerdict, "metric" | "status">[] = checks): ChartState[] {
  const states = CHART_IDS.map((id): ChartState => {
    const metrics = CHART_METRICS[id];
    const own = (id === "memory" ? overallChecks : checks).filter((c) => metrics.includes(c.metric));
    const status = own.length ? own.map((c) => c.status).sort((a, b) => STATUS_RANK[a] - STATUS_RANK[b])[0] : null;
    const failing = [...new Set(own.filter((c) => c.status === "fail" || c.status === "marginal").map((c) => c.metric))];
    return { id, status, failing };
  });
  const rank = (s: ChartState) => (s.status === "fail" ? 0 : s.status === "marginal" ? 1 : 2);
  return states.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

// ---- Which cell the deployment page charts ------------------------------------------------------

export type CellChoice = { cell: CellId; how: "worst" | "all" | "chosen" };

/** ?cell=all (the whole deployment), ?cell=<dimension>:<value>, or by default the verdict's worst cell. */
export function chartCell(param: string | undefined, worst: { dimension: string; value: string } | null): CellChoice {
  if (param === "all") return { cell: { dimension: "", value: "" }, how: "all" };
  if (param) {
    const i = param.indexOf(":");
    if (i > 0) return { cell: { dimension: param.slice(0, i), value: param.slice(i + 1) }, how: "chosen" };
  }
  if (worst && worst.dimension !== "") return { cell: { dimension: worst.dimension, value: worst.value }, how: "worst" };
  return { cell: { dimension: "", value: "" }, how: "all" };
}

/** The ?cell= value that selects a cell. */
export const cellParam = (c: CellId): string => (c.dimension === "" ? "all" : `${c.dimension}:${c.value}`);

/** `query` ('' or '?a=b…') with `key` set to `value`. */
export function withParam(query: string, key: string, value: string): string {
  const q = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  q.set(key, value);
  return `?${q.toString()}`;
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

