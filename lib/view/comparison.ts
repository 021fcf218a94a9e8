// Verdict cells → the rows of the canary-vs-baseline table (pure).
import type { Metric } from "@/lib/policy";
import type { CellVerdict, CheckVerdict, Status, Verdict } from "@/lib/judgment/types";
import { STATUS_RANK } from "./status";

export type MetricView = CheckVerdict;

export interface ComparisonRow {
  dimension: string;
  value: string;
  status: Status;
  n: { shadow: number; arms: number };
  metrics: Partial<Record<Metric, MetricView>>;
}

const worse = (a: CheckVerdict, b: CheckVerdict) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || (b.degradation?.estimate ?? 0) - (a.degradation?.estimate ?? 0);

export function rowOf(cell: CellVerdict): ComparisonRow {
  const metrics: Partial<Record<Metric, MetricView>> = {};
  const byMetric = new Map<Metric, CheckVerdict[]>();
  for (const c of cell.checks) byMetric.set(c.metric, [...(byMetric.get(c.metric) ?? []), c]);
  for (const [metric, checks] of byMetric) {
    // memory: the 'total' kind when present; drift: the worst feature; two checks of one metric: the worse.
    metrics[metric] = metric.startsWith("memory_") ? (checks.find((c) => c.feature === "total") ?? [...checks].sort(worse)[0]) : [...checks].sort(worse)[0];
  }
  return { dimension: cell.dimension, value: cell.value, status: cell.status, n: cell.n, metrics };
}

/** The whole-deployment row, then the dimension's cells worst first (status, then evidence). */
export function comparisonRows(verdict: Verdict, dimension: string): { overall: ComparisonRow | null; slices: ComparisonRow[] } {
  const overallCell = verdict.cells.find((c) => c.dimension === "");
  const slices = verdict.cells
    // Never the whole-deployment cell again (a deployment without slices has no dimension: "").
    .filter((c) => c.dimension !== "" && c.dimension === dimension)
    .map(rowOf)
    .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || b.n.arms + b.n.shadow - (a.n.arms + a.n.shadow) || a.value.localeCompare(b.value));
  return { overall: overallCell ? rowOf(overallCell) : null, slices };
}

export const cellLabel = (c: { dimension: string; value: string }) => (c.dimension === "" ? "all traffic" : `${c.dimension}=${c.value}`);

/** The dashboard path of a slice (values URL-encoded). */
export function slicePath(deployment: string, dimension: string, value: string): string {
  return `/deployments/${encodeURIComponent(deployment)}/slices/${encodeURIComponent(dimension)}/${encodeURIComponent(value)}`;
}
