// Per-minute series and window distributions for one deployment cell, read from the per-minute
// aggregates only (one query per aggregate table). A cell is (dimension, value); ('', '') is the
// whole deployment. Windows are [start of from's minute, to).
import type { Db } from "../client";
import { chTimeMs } from "../time";

export interface SeriesWindow {
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
}

export interface Cell {
  dimension: string;
  value: string;
}

const WINDOW = "minute >= toStartOfMinute({from:DateTime64(3, 'UTC')}) AND minute < {to:DateTime64(3, 'UTC')}";
const CELL = "deployment = {deployment:String} AND dimension = {dimension:String} AND value = {value:String}";

const params = (deployment: string, cell: Cell, w: SeriesWindow) => ({
  deployment,
  dimension: cell.dimension,
  value: cell.value,
  from: chTimeMs(w.from),
  to: chTimeMs(w.to),
});

async function rows<T>(client: Db, query: string, query_params: Record<string, unknown>): Promise<T[]> {
  const r = await client.query({ query, query_params, format: "JSONEachRow" });
  return r.json<T>();
}

export interface RequestPoint {
  /** The minute, 'YYYY-MM-DD hh:mm:ss' UTC. */
  t: string;
  arm: string;
  requests: number;
  errors: number;
  fallbacks: number;
  p50: number;
  p95: number;
  p99: number;
}

export function requestSeries(client: Db, deployment: string, cell: Cell, w: SeriesWindow): Promise<RequestPoint[]> {
  return rows<RequestPoint>(
    client,
    `SELECT toString(minute) AS t, arm,
            toUInt64(sum(requests)) AS requests,
            toUInt64(sum(errors)) AS errors,
            toUInt64(sum(fallbacks)) AS fallbacks,
            quantilesTDigestWeightedMerge(0.5, 0.95, 0.99)(latency_q) AS q,
            toFloat64(q[1]) AS p50, toFloat64(q[2]) AS p95, toFloat64(q[3]) AS p99
     FROM request_minute
     WHERE ${CELL} AND arm IN ('baseline', 'canary') AND ${WINDOW}
     GROUP BY minute, arm
     ORDER BY minute, arm`,
    params(deployment, cell, w),
  );
}

export interface ShadowPoint {
  /** The minute, 'YYYY-MM-DD hh:mm:ss' UTC. */
  t: string;
  pairs: number;
  exact_matches: number;
  agreement_sum: number;
  score_n: number;
  score_delta_sum: number;
}

export function shadowSeries(client: Db, deployment: string, cell: Cell, w: SeriesWindow): Promise<ShadowPoint[]> {
  return rows<ShadowPoint>(
    client,
    `SELECT toString(minute) AS t,
            toUInt64(sum(pairs)) AS pairs,
            toUInt64(sum(exact_matches)) AS exact_matches,
            toFloat64(sum(agreement_sum)) AS agreement_sum,
            toUInt64(sum(score_n)) AS score_n,
            toFloat64(sum(score_canary_sum) - sum(score_baseline_sum)) AS score_delta_sum
     FROM shadow_minute
     WHERE ${CELL} AND ${WINDOW}
     GROUP BY minute
     ORDER BY minute`,
    params(deployment, cell, w),
  );
}

export interface MemoryPoint {
  /** The minute, 'YYYY-MM-DD hh:mm:ss' UTC. */
  t: string;
  arm: string;
  kind: string;
  peak: number;
  mean: number;
}

/** Memory is deployment-level: no cell. */
export function memorySeries(client: Db, deployment: string, w: SeriesWindow): Promise<MemoryPoint[]> {
  return rows<MemoryPoint>(
    client,
    `SELECT toString(minute) AS t, arm, kind,
            toFloat64(max(memory_minute.peak)) AS peak,
            toFloat64(sum(total) / greatest(sum(n), 1)) AS mean
     FROM memory_minute
     WHERE deployment = {deployment:String} AND arm IN ('baseline', 'canary')
       AND metric = 'quantlens.memory.used' AND ${WINDOW}
     GROUP BY minute, arm, kind
     ORDER BY minute, arm, kind`,
    { deployment, from: chTimeMs(w.from), to: chTimeMs(w.to) },
  );
}

export interface DriftPoint {
  /** The minute, 'YYYY-MM-DD hh:mm:ss' UTC. */
  t: string;
  arm: string;
  feature: string;
  samples: number;
  mean: number;
}

/** Mean input feature value per minute and arm (drift_minute has single dimensions only). */
export function driftSeries(client: Db, deployment: string, cell: Cell, w: SeriesWindow): Promise<DriftPoint[]> {
  return rows<DriftPoint>(
    client,
    `SELECT toString(minute) AS t, arm, feature,
            toUInt64(sum(n)) AS samples,
            toFloat64(sum(total) / greatest(sum(n), 1)) AS mean
     FROM drift_minute
     WHERE ${CELL} AND arm IN ('baseline', 'canary') AND ${WINDOW}
     GROUP BY minute, arm, feature
     ORDER BY minute, arm, feature`,
    params(deployment, cell, w),
  );
}

export interface HistogramRow {
  arm: string;
  /** drift histograms only */
  feature?: string;
  bins: number[];
  counts: number[];
}

/** Latency distribution per arm over the window: log2 bins (32 per octave). */
export function latencyHistogram(client: Db, deployment: string, cell: Cell, w: SeriesWindow): Promise<HistogramRow[]> {
  return rows<HistogramRow>(
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

/** Input feature distributions per arm over the window: signed log2 bins (32 per octave). */
export function driftHistograms(client: Db, deployment: string, cell: Cell, w: SeriesWindow): Promise<HistogramRow[]> {
  return rows<HistogramRow>(
    client,
    `SELECT arm, feature,
            arrayMap(x -> toInt32(x), mapKeys(h)) AS bins,
            arrayMap(x -> toUInt64(x), mapValues(h)) AS counts
     FROM (
       SELECT arm, feature, sumMap(bins) AS h
       FROM drift_minute
       WHERE ${CELL} AND arm IN ('baseline', 'canary') AND ${WINDOW}
       GROUP BY arm, feature
     )
     ORDER BY feature, arm`,
    params(deployment, cell, w),
  );
}

export interface PairDimension {
  dimension: string;
}

/** The pair dimensions (a×b) seen for a deployment, for the dimension picker. */
export async function pairDimensions(client: Db, deployment: string, w: SeriesWindow): Promise<string[]> {
  const r = await rows<PairDimension>(
    client,
    `SELECT DISTINCT toString(dimension) AS dimension
     FROM request_minute
     WHERE deployment = {deployment:String} AND position(dimension, '×') > 0 AND ${WINDOW}
     ORDER BY dimension`,
    { deployment, from: chTimeMs(w.from), to: chTimeMs(w.to) },
  );
  return r.map((x) => x.dimension);
}
