import { db } from "@/clickhouse/client";
import { listAttempts, listDeliveries } from "@/clickhouse/queries/webhooks";
import { apiRoute } from "@/lib/server/api-route";
import { parseLimit } from "@/lib/server/window";

export const dynamic = "force-dynamic";

// The delivery log: state, attempts with status codes and latencies, and the payload.
export const GET = apiRoute("read", async ({ url }) => {
  const client = await db();
  const deliveries = await listDeliveries(client, {
    deployment: url.searchParams.get("deployment") ?? "",
    incident: url.searchParams.get("incident") ?? "",
    limit: parseLimit(url, "limit", 100, 500),
  });
  const attempts = await listAttempts(client, deliveries.map((d) => d.id));
  return { deliveries: deliveries.map((d) => ({ ...d, payload: JSON.parse(d.payload), attempts_log: attempts.filter((a) => a.delivery_id === d.id) })) };
});
