import type { Db } from "../client";
import { insertTokenOf, type RawTable, type TableRows } from "../rows";

/**
 * One synchronous INSERT: resolves only once ClickHouse has written the rows. Rows go as
 * JSONCompactEachRow (positional arrays): the engine parses it noticeably faster than keyed JSON.
 * Rows that carry an insert token (withInsertToken, set by ingest/writer.ts) are inserted with
 * it: ClickHouse then skips an INSERT whose token it has already stored, in the table and in every
 * materialized view below it (the deduplication window is set in migration 0009).
 */
export async function insertRows<T extends RawTable>(client: Db, table: T, rows: TableRows[T], token = insertTokenOf(rows)): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]) as string[];
  const values = (rows as unknown as Record<string, unknown>[]).map((r) => columns.map((c) => r[c]));
  await client.insert({
    table,
    values,
    format: "JSONCompactEachRow",
    columns: columns as [string, ...string[]],
    // Never fire-and-forget: an acknowledged request must be durable.
    clickhouse_settings: {
      async_insert: 0,
      wait_for_async_insert: 1,
      ...(token ? { insert_deduplicate: 1, insert_deduplication_token: token, deduplicate_blocks_in_dependent_materialized_views: 1 } : {}),
    },
  });
}
