// Reading back from the real embedded ClickHouse in tests.
import { db } from "@/clickhouse/client";

export async function rows<T = Record<string, unknown>>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const r = await (await db()).query({ query, query_params: params, format: "JSONEachRow" });
  return r.json<T>();
}

let n = 0;
/** A deployment name no other test uses in this run. */
export function uniqueDeployment(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;
}
