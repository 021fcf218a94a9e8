import { db } from "@/clickhouse/client";
import { armTraffic } from "@/clickhouse/queries/deployments";
import { apiRoute } from "@/lib/server/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async () => {
  const traffic = await armTraffic(await db());
  const byDeployment = new Map<string, typeof traffic>();
  for (const t of traffic) byDeployment.set(t.deployment, [...(byDeployment.get(t.deployment) ?? []), t]);
  return { deployments: [...byDeployment].map(([deployment, arms]) => ({ deployment, arms })) };
});
