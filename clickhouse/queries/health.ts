import type { Db } from "../client";

export interface DatabaseHealth {
  version: string;
  parts: number;
  /** Memory ClickHouse tracks for its allocations, and its two largest caches (bytes). */
  trackedBytes: number;
  markCacheBytes: number;
  primaryIndexCacheBytes: number;
}

export async function pingDatabase(client: Db): Promise<DatabaseHealth> {
  const r = await client.query({
    query: `SELECT version() AS version,
              toUInt64((SELECT count() FROM system.parts WHERE active AND database = currentDatabase())) AS parts,
              toInt64(sumIf(value, metric = 'MemoryTracking')) AS trackedBytes,
              toInt64(sumIf(value, metric = 'MarkCacheBytes')) AS markCacheBytes,
              toInt64(sumIf(value, metric = 'PrimaryIndexCacheBytes')) AS primaryIndexCacheBytes
            FROM system.metrics`,
    format: "JSONEachRow",
  });
  const [row] = await r.json<DatabaseHealth>();
  return row;
}
