// What the dashboard draws for one deployment cell: per-minute series, window distributions and
// the worst-disagreeing request pairs, read from storage for a time window.
import { worstDisagreements, type Disagreement, type DisagreementRows } from "@/clickhouse/queries/disagreements";
import { latencyHistogram, memorySeries, requestSeries, shadowSeries, type SliceCell } from "@/clickhouse/queries/timeseries";
import type { HistogramRow, MemoryPoint, RequestPoint, ShadowPoint } from "@/lib/telemetry/series";
import type { TimeWindow } from "@/lib/time/window";
import { disagreementQuery, SCAN, type DisagreementQuery } from "@/lib/view/disagreement-query";
import { database } from "@/server/runtime/runtime";

export type { Disagreement, DisagreementRows, SliceCell };

export interface CellSeries {
  requests: RequestPoint[];
  shadow: ShadowPoint[];
  /** The whole deployment's shadow series (the reference a slice's agreement metrics are judged against); [] for the whole deployment itself. */
  overallShadow: ShadowPoint[];
  memory: MemoryPoint[];
}

/** Every series of a cell, per bucket of `step` minutes (drift against its reference is in ./drift). */
export async function cellSeries(deployment: string, cell: SliceCell, w: TimeWindow, step = 1): Promise<CellSeries> {
  const client = await database();
  const isOverall = cell.dimension === "";
  const [requests, shadow, overallShadow, memory] = await Promise.all([
    requestSeries(client, deployment, cell, w, step),
    shadowSeries(client, deployment, cell, w, step),
    isOverall ? Promise.resolve([]) : shadowSeries(client, deployment, { dimension: "", value: "" }, w, step),
    memorySeries(client, deployment, w, step),
  ]);
  return { requests, shadow, overallShadow, memory };
}

/** The request and shadow series only (the overview's sparklines). */
export async function headlineSeries(deployment: string, cell: SliceCell, w: TimeWindow): Promise<Pick<CellSeries, "requests" | "shadow">> {
  const client = await database();
  const [requests, shadow] = await Promise.all([requestSeries(client, deployment, cell, w), shadowSeries(client, deployment, cell, w)]);
  return { requests, shadow };
}

/** The window's latency histogram of both arms (input drift against its reference is in ./drift). */
export async function cellDistributions(deployment: string, cell: SliceCell, w: TimeWindow): Promise<{ latency: HistogramRow[] }> {
  return { latency: await latencyHistogram(await database(), deployment, cell, w) };
}

/** One page of a cell's shadow comparisons, worst first (score drop, then KL, then token agreement), filtered by check. */
export async function disagreements(deployment: string, cell: SliceCell, w: TimeWindow, q: DisagreementQuery = disagreementQuery({})): Promise<DisagreementRows> {
  return worstDisagreements(await database(), deployment, cell, w, { check: q.check, x: q.x, offset: q.offset, limit: q.limit, scan: SCAN });
}
