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
              toInt64((SELECT sumIf(value, metric = 'MemoryTracking') FROM system.metrics)) AS trackedBytes,
              toInt64((SELECT sumIf(value, metric = 'MarkCacheBytes') FROM system.metrics)) AS markCacheBytes,
              toInt64((SELECT sumIf(value, metric = 'PrimaryIndexCacheBytes') FROM system.metrics)) AS primaryIndexCacheBytes`,
    format: "JSONEachRow",
  });
  const [row] = await r.json<DatabaseHealth>();
  return row;
}
