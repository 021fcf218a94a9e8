// Deployment lists and live counts, read from the per-minute aggregates.
import type { Db } from "../client";
import type { ManifestVersion } from "@/lib/telemetry/manifest";

export type { ManifestVersion };

export interface ArmTraffic {
  deployment: string;
  arm: string;
  requests_5m: number;
  requests_1h: number;
  requests_total: number;
  last_minute: string;
}

export async function armTraffic(client: Db): Promise<ArmTraffic[]> {
  const r = await client.query({
    query: `SELECT deployment, arm,
              toUInt64(sumIf(requests, minute >= now() - INTERVAL 5 MINUTE)) AS requests_5m,
              toUInt64(sumIf(requests, minute >= now() - INTERVAL 1 HOUR)) AS requests_1h,
              toUInt64(sum(requests)) AS requests_total,
              toString(max(minute)) AS last_minute
            FROM request_minute
            WHERE dimension = ''
            GROUP BY deployment, arm
            ORDER BY deployment, arm`,
    format: "JSONEachRow",
  });
  return r.json();
}

export interface SliceValues {
  deployment: string;
  dimension: string;
  values: string[];
  requests: number[];
}

/** The single-dimension slices of every deployment, busiest first (top 50 values each). */
export async function sliceValues(client: Db, deployment?: string): Promise<SliceValues[]> {
  const r = await client.query({
    query: `SELECT deployment, dimension,
              arrayMap(x -> x.2, topN) AS values, arrayMap(x -> x.1, topN) AS requests
            FROM (
              SELECT deployment, dimension,
                arraySlice(arrayReverseSort(groupArray((n, value))), 1, 50) AS topN
              FROM (
                SELECT deployment, dimension, value, toUInt64(sum(requests)) AS n
                FROM request_minute
                WHERE dimension != '' AND position(dimension, '×') = 0
                  AND ({d:String} = '' OR deployment = {d:String})
                GROUP BY deployment, dimension, value
              )
              GROUP BY deployment, dimension
            )
            ORDER BY deployment, dimension`,
    query_params: { d: deployment ?? "" },
    format: "JSONEachRow",
  });
  return r.json();
}

/**
 * Every manifest version, oldest first (a fingerprint once, at its first sighting). `first_seen` is
 * the data's own time (the earliest record of the request that first carried it), `received_at`
 * when the server got it.
 */
export async function manifestVersions(client: Db, deployment?: string): Promise<ManifestVersion[]> {
  const r = await client.query({
    query: `SELECT deployment, arm, fingerprint, toString(min(manifests.data_time)) AS first_seen,
              toString(min(manifests.first_seen)) AS received_at,
              any(model_version) AS model_version, any(quant_format) AS quant_format, any(quant_method) AS quant_method,
              any(group_size) AS group_size, any(calibration_dataset) AS calibration_dataset,
              any(runtime) AS runtime, any(hardware) AS hardware
            FROM manifests
            WHERE {d:String} = '' OR deployment = {d:String}
            GROUP BY deployment, arm, fingerprint
            ORDER BY deployment, arm, first_seen`,
    query_params: { d: deployment ?? "" },
    format: "JSONEachRow",
  });
  return r.json();
}

/** True when any telemetry for the deployment has been aggregated. */
export async function deploymentExists(client: Db, deployment: string): Promise<boolean> {
  const r = await client.query({
    query: `SELECT toUInt8(count() > 0) AS ok FROM (
              SELECT 1 FROM request_minute WHERE deployment = {d:String} LIMIT 1
              UNION ALL SELECT 1 FROM shadow_minute WHERE deployment = {d:String} LIMIT 1)`,
    query_params: { d: deployment },
    format: "JSONEachRow",
  });
  const [row] = await r.json<{ ok: number }>();
  return Number(row.ok) === 1;
}
