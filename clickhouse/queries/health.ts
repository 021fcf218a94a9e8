import type { Db } from "../client";

export async function pingDatabase(client: Db): Promise<{ version: string; parts: number }> {
  const r = await client.query({
    query: `SELECT version() AS version,
              toUInt64((SELECT count() FROM system.parts WHERE active AND database = currentDatabase())) AS parts`,
    format: "JSONEachRow",
  });
  const [row] = await r.json<{ version: string; parts: number }>();
  return row;
}
