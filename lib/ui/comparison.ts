// Verdict cells → the rows of the canary-vs-baseline table (pure).
import type { Metric } from "@/lib/policy";
import type { CellVerdict, CheckResult, Status, Verdict } from "@/lib/verdict/types";
import { STATUS_RANK } from "./status";

export interface MetricView {
  status: Status;
  baseline: number | null;
  canary: number | null;
  delta: number | null;
  interval: { lower: number; upper: number } | null;
  reason: string;
  feature?: string;
}

export interface ComparisonRow {
  dimension: string;
  value: string;
  status: Status;
  score: number | null;
  n: { baseline: number; canary: number };
  metrics: Partial<Record<Metric, MetricView>>;
}

const worse = (a: CheckResult, b: CheckResult) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || (b.canary ?? 0) - (a.canary ?? 0);

function view(c: CheckResult): MetricView {
  return { status: c.status, baseline: c.baseline, canary: c.canary, delta: c.delta, interval: c.interval, reason: c.reason, ...(c.feature ? { feature: c.feature } : {}) };
}

export function rowOf(cell: CellVerdict): ComparisonRow {
  const metrics: Partial<Record<Metric, MetricView>> = {};
  const byMetric = new Map<Metric, CheckResult[]>();
  for (const c of cell.checks) byMetric.set(c.metric, [...(byMetric.get(c.metric) ?? []), c]);
  for (const [metric, checks] of byMetric) {
    // memory: the 'total' kind when present; drift: the worst feature.
    const pick = metric.startsWith("memory_") ? (checks.find((c) => c.feature === "total") ?? [...checks].sort(worse)[0]) : [...checks].sort(worse)[0];
    metrics[metric] = view(pick);
  }
  return { dimension: cell.dimension, value: cell.value, status: cell.status, score: cell.score, n: cell.n, metrics };
}

/** The whole-deployment row, then the dimension's slices worst first (status, then score). */
export function comparisonRows(verdict: Verdict, dimension: string): { overall: ComparisonRow | null; slices: ComparisonRow[] } {
  const overallCell = verdict.cells.find((c) => c.dimension === "");
  const slices = verdict.cells
    .filter((c) => c.dimension === dimension)
    .map(rowOf)
    .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || (a.score ?? 2) - (b.score ?? 2) || a.value.localeCompare(b.value));
  return { overall: overallCell ? rowOf(overallCell) : null, slices };
}

export const cellLabel = (c: { dimension: string; value: string }) => (c.dimension === "" ? "all traffic" : `${c.dimension}=${c.value}`);

/** The dashboard path of a slice (values URL-encoded). */
export function slicePath(deployment: string, dimension: string, value: string): string {
  return `/deployments/${encodeURIComponent(deployment)}/slices/${encodeURIComponent(dimension)}/${encodeURIComponent(value)}`;
}
