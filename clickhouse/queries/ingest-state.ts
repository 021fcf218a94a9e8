// What ingest needs to know at start: stored manifests and the slice values already admitted.
import type { Db } from "../client";

/** Every stored manifest fingerprint, with its earliest data time (epoch ms). */
export async function knownManifests(client: Db): Promise<{ deployment: string; arm: string; fingerprint: string; data_ms: number }[]> {
  const r = await client.query({
    query: "SELECT deployment, arm, fingerprint, toFloat64(toUnixTimestamp64Milli(min(data_time))) AS data_ms FROM manifests GROUP BY deployment, arm, fingerprint",
    format: "JSONEachRow",
  });
  return r.json();
}

export async function knownSliceValues(client: Db): Promise<{ deployment: string; dimension: string; values: string[] }[]> {
  const r = await client.query({
    query: `SELECT deployment, dimension, groupUniqArray({cap:UInt32})(value) AS values
            FROM request_minute
            WHERE dimension != '' AND position(dimension, '×') = 0
            GROUP BY deployment, dimension`,
    query_params: { cap: 200 },
    format: "JSONEachRow",
  });
  return r.json();
}
