// Per-minute series and window distributions for one deployment cell, read from the per-minute
// aggregates only (one query per aggregate table). A cell is (dimension, value); ('', '') is the
// whole deployment. Windows are [start of from's minute, to).
import type { Db } from "../client";
import { queryRows, WINDOW, windowParams } from "../query";
import type { TimeWindow } from "@/lib/time/window";
import type { CellId } from "@/lib/judgment/cells";
import { METRIC } from "@/lib/semconv";
import type { DriftPoint, HistogramRow, MemoryPoint, RequestPoint, ShadowPoint } from "@/lib/telemetry/series";

export type { DriftPoint, HistogramRow, MemoryPoint, RequestPoint, ShadowPoint };

/** Epoch ms, [from, to). */
/** A slice cell (dimension, value) of the aggregates, as the judgment names it. */
export type SliceCell = CellId;

const CELL = "deployment = {deployment:String} AND dimension = {dimension:String} AND value = {value:String}";

const params = (deployment: string, cell: SliceCell, w: TimeWindow) => ({
  deployment,
  dimension: cell.dimension,
  value: cell.value,
  ...windowParams(w),
});

/** The start of a point's bucket of {step:UInt32} minutes, epoch-aligned (lib/view/series.ts chartAxis). */
const BUCKET = "toDateTime(intDiv(toUInt32(minute), {step:UInt32} * 60) * ({step:UInt32} * 60), 'UTC')";
const stepOf = (step: number) => Math.max(1, Math.floor(step));

/** Per bucket of `step` minutes (default 1) and arm. */
export function requestSeries(client: Db, deployment: string, cell: SliceCell, w: TimeWindow, step = 1): Promise<RequestPoint[]> {
  return queryRows<RequestPoint>(
    client,
    `SELECT toString(${BUCKET}) AS t, arm,
            toUInt64(sum(requests)) AS requests,
            toUInt64(sum(errors)) AS errors,
            toUInt64(sum(fallbacks)) AS fallbacks,
            quantilesTDigestWeightedMerge(0.5, 0.95, 0.99)(latency_q) AS q,
            toFloat64(q[1]) AS p50, toFloat64(q[2]) AS p95, toFloat64(q[3]) AS p99
     FROM request_minute
     WHERE ${CELL} AND arm IN ('baseline', 'canary') AND ${WINDOW}
     GROUP BY t, arm
     ORDER BY t, arm`,
    { ...params(deployment, cell, w), step: stepOf(step) },
  );
}

/** Per bucket of `step` minutes (default 1). */
export function shadowSeries(client: Db, deployment: string, cell: SliceCell, w: TimeWindow, step = 1): Promise<ShadowPoint[]> {
  return queryRows<ShadowPoint>(
    client,
    `SELECT toString(${BUCKET}) AS t,
            toUInt64(sum(pairs)) AS pairs,
            toUInt64(sum(exact_matches)) AS exact_matches,
            toFloat64(sum(agreement_sum)) AS agreement_sum,
            toUInt64(sum(shadow_minute.score_n)) AS score_n,
            toFloat64(sum(shadow_minute.score_canary_sum) - sum(shadow_minute.score_baseline_sum)) AS score_delta_sum,
            toFloat64(sum(shadow_minute.score_baseline_sum)) AS score_baseline_sum,
            toFloat64(sum(shadow_minute.score_canary_sum)) AS score_canary_sum,
            toUInt64(sum(shadow_minute.kl_n)) AS kl_n,
            toFloat64(sum(shadow_minute.kl_sum)) AS kl_sum
     FROM shadow_minute
     WHERE ${CELL} AND ${WINDOW}
     GROUP BY t
     ORDER BY t`,
    { ...params(deployment, cell, w), step: stepOf(step) },
  );
}

/** Memory is deployment-level: no cell. Per bucket of `step` minutes (default 1). */
export function memorySeries(client: Db, deployment: string, w: TimeWindow, step = 1): Promise<MemoryPoint[]> {
  return queryRows<MemoryPoint>(
    client,
    `SELECT toString(${BUCKET}) AS t, arm, kind,
            toFloat64(max(memory_minute.peak)) AS peak,
            toFloat64(sum(total) / greatest(sum(n), 1)) AS mean
     FROM memory_minute
     WHERE deployment = {deployment:String} AND arm IN ('baseline', 'canary')
       AND metric = {metric:String} AND ${WINDOW}
     GROUP BY t, arm, kind
     ORDER BY t, arm, kind`,
    { deployment, metric: METRIC.memoryUsed, ...windowParams(w), step: stepOf(step) },
  );
}

/** Latency distribution per arm over the window: latencyBin bins (lib/stats/log-bins.ts). */
export function latencyHistogram(client: Db, deployment: string, cell: SliceCell, w: TimeWindow): Promise<HistogramRow[]> {
  return queryRows<HistogramRow>(
    client,
    `SELECT arm,
            arrayMap(x -> toUInt32(x), mapKeys(h)) AS bins,
            arrayMap(x -> toUInt64(x), mapValues(h)) AS counts
     FROM (
       SELECT arm, sumMap(latency_hist) AS h
       FROM request_minute
       WHERE ${CELL} AND arm IN ('baseline', 'canary') AND ${WINDOW}
       GROUP BY arm
     )
     ORDER BY arm`,
    params(deployment, cell, w),
  );
}


export interface PairDimension {
  dimension: string;
}

/** The pair dimensions (a×b) seen for a deployment, for the dimension picker. */
export async function pairDimensions(client: Db, deployment: string, w: TimeWindow): Promise<string[]> {
  const r = await queryRows<PairDimension>(
    client,
    `SELECT DISTINCT toString(dimension) AS dimension
     FROM request_minute
     WHERE deployment = {deployment:String} AND position(dimension, '×') > 0 AND ${WINDOW}
     ORDER BY dimension`,
    { deployment, ...windowParams(w) },
  );
  return r.map((x) => x.dimension);
}
