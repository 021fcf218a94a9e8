// Per-cell aggregates of a window: one query per aggregate table, grouped by cell and arm (never
// one query per cell). They describe a window (the comparison API) and feed the advisory checks;
// the verdict itself comes from the judgment's feed. Minute-granular: [start of from's minute, to).
import type { Db } from "../client";
import { queryRows, WINDOW, windowOn, windowParams } from "../query";
import type { TimeWindow } from "@/lib/time/window";
import { chTimeMs, parseChTime } from "../time";
import type { MemoryRow } from "@/lib/judgment/advisory";

export interface RequestRow {
  dimension: string;
  value: string;
  arm: string;
  requests: number;
  errors: number;
  fallbacks: number;
  latency_sum: number;
  /** The window's latency histogram: latencyBin bins (lib/stats/log-bins.ts). */
  hist_bins?: number[];
  hist_counts?: number[];
}

export interface ShadowRow {
  dimension: string;
  value: string;
  pairs: number;
  exact_matches: number;
  agreement_sum: number;
  agreement_sumsq: number;
  kl_n: number;
  kl_sum: number;
  kl_sumsq: number;
  score_n: number;
  score_baseline_sum: number;
  score_canary_sum: number;
  score_delta_sumsq: number;
}

/** Epoch ms, [from, to). */
const params = (deployment: string, w: TimeWindow) => ({ deployment, ...windowParams(w) });

/** When the canary first reported (requests, else shadow pairs), or null if it never did. */
export async function canaryFirstSeen(client: Db, deployment: string): Promise<number | null> {
  const [row] = await queryRows<{ req: number; req_first: string; sh: number; sh_first: string }>(
    client,
    `SELECT
       (SELECT toUInt64(count()) FROM request_minute WHERE deployment = {deployment:String} AND dimension = '' AND arm = 'canary') AS req,
       (SELECT toString(min(minute)) FROM request_minute WHERE deployment = {deployment:String} AND dimension = '' AND arm = 'canary') AS req_first,
       (SELECT toUInt64(count()) FROM shadow_minute WHERE deployment = {deployment:String} AND dimension = '') AS sh,
       (SELECT toString(min(minute)) FROM shadow_minute WHERE deployment = {deployment:String} AND dimension = '') AS sh_first`,
    { deployment },
  );
  if (!row) return null;
  if (Number(row.req) > 0) return parseChTime(row.req_first);
  if (Number(row.sh) > 0) return parseChTime(row.sh_first);
  return null;
}

export function requestCells(client: Db, deployment: string, w: TimeWindow): Promise<RequestRow[]> {
  return queryRows<RequestRow>(
    client,
    `SELECT dimension, value, arm,
            toUInt64(sum(requests)) AS requests,
            toUInt64(sum(errors)) AS errors,
            toUInt64(sum(fallbacks)) AS fallbacks,
            toFloat64(sum(latency_sum)) AS latency_sum,
            arrayMap(x -> toUInt32(x), mapKeys(sumMap(latency_hist))) AS hist_bins,
            arrayMap(x -> toUInt64(x), mapValues(sumMap(latency_hist))) AS hist_counts
     FROM request_minute
     WHERE deployment = {deployment:String} AND arm IN ('baseline', 'canary') AND ${WINDOW}
     GROUP BY dimension, value, arm`,
    params(deployment, w),
  );
}

export function shadowCells(client: Db, deployment: string, w: TimeWindow): Promise<ShadowRow[]> {
  return queryRows<ShadowRow>(
    client,
    `SELECT dimension, value,
            toUInt64(sum(pairs)) AS pairs,
            toUInt64(sum(exact_matches)) AS exact_matches,
            toFloat64(sum(agreement_sum)) AS agreement_sum,
            toFloat64(sum(agreement_sumsq)) AS agreement_sumsq,
            toUInt64(sum(kl_n)) AS kl_n,
            toFloat64(sum(kl_sum)) AS kl_sum,
            toFloat64(sum(kl_sumsq)) AS kl_sumsq,
            toUInt64(sum(score_n)) AS score_n,
            toFloat64(sum(score_baseline_sum)) AS score_baseline_sum,
            toFloat64(sum(score_canary_sum)) AS score_canary_sum,
            toFloat64(sum(score_delta_sumsq)) AS score_delta_sumsq
     FROM shadow_minute
     WHERE deployment = {deployment:String} AND ${WINDOW}
     GROUP BY dimension, value`,
    params(deployment, w),
  );
}

export function memoryMinutes(client: Db, deployment: string, w: TimeWindow): Promise<MemoryRow[]> {
  return queryRows<MemoryRow>(
    client,
    `SELECT arm, metric, kind, toString(minute) AS minute,
            toUInt64(sum(n)) AS n, toFloat64(sum(total)) AS total, toFloat64(max(peak)) AS peak
     FROM memory_minute
     WHERE deployment = {deployment:String} AND arm IN ('baseline', 'canary') AND ${windowOn("memory_minute.minute")}
     GROUP BY arm, metric, kind, minute
     ORDER BY minute`,
    params(deployment, w),
  );
}
