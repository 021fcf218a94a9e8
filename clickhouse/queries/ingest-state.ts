// What ingest needs to know at start: stored manifests and the slice values already admitted.
import type { Db } from "../client";

export async function knownManifests(client: Db): Promise<{ deployment: string; arm: string; fingerprint: string }[]> {
  const r = await client.query({ query: "SELECT DISTINCT deployment, arm, fingerprint FROM manifests", format: "JSONEachRow" });
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
