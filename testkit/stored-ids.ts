// Run as its own process (chdb binds one data directory per process) on a closed data directory
// (QUANTLENS_DATA_DIR): prints the stored request ids as JSON, or with COUNT=1 the row count of
// inference_events.
import { closeDb, db } from "@/clickhouse/client";

async function main(): Promise<void> {
  const client = await db();
  if (process.env.COUNT === "1") {
    const r = await client.query({ query: "SELECT toUInt64(count()) AS n FROM inference_events", format: "JSONEachRow" });
    process.stdout.write(String((await r.json<{ n: number }>())[0].n));
  } else {
    const r = await client.query({ query: "SELECT DISTINCT request_id FROM inference_events", format: "JSONEachRow" });
    process.stdout.write(JSON.stringify((await r.json<{ request_id: string }>()).map((x) => x.request_id)));
  }
  await closeDb();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
