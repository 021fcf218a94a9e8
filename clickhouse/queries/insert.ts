import type { Db } from "../client";
import type { RawTable, TableRows } from "../rows";

/** One synchronous INSERT: resolves only once ClickHouse has written the rows. */
export async function insertRows<T extends RawTable>(client: Db, table: T, rows: TableRows[T]): Promise<void> {
  if (rows.length === 0) return;
  await client.insert({
    table,
    values: rows as unknown[],
    format: "JSONEachRow",
    // Never fire-and-forget: an acknowledged request must be durable.
    clickhouse_settings: { async_insert: 0, wait_for_async_insert: 1 },
  });
}
