import { db } from "@/clickhouse/client";
import { listAttempts, listDeliveries } from "@/clickhouse/queries/webhooks";
import { apiRoute } from "@/lib/server/api-route";

export const dynamic = "force-dynamic";

// The delivery log: state, attempts with status codes and latencies, and the payload.
export const GET = apiRoute("read", async ({ url }) => {
  const client = await db();
  const deliveries = await listDeliveries(client, {
    deployment: url.searchParams.get("deployment") ?? "",
    incident: url.searchParams.get("incident") ?? "",
    limit: Math.min(500, Number(url.searchParams.get("limit") ?? 100) || 100),
  });
  const attempts = await listAttempts(client, deliveries.map((d) => d.id));
  return { deliveries: deliveries.map((d) => ({ ...d, payload: JSON.parse(d.payload), attempts_log: attempts.filter((a) => a.delivery_id === d.id) })) };
});
