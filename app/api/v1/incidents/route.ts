import { db } from "@/clickhouse/client";
import { listIncidents } from "@/clickhouse/queries/incidents";
import { apiRoute } from "@/lib/server/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async ({ url }) => ({
  incidents: (await listIncidents(await db(), { deployment: url.searchParams.get("deployment") ?? "" })).map((i) => ({ ...i, evidence: JSON.parse(i.evidence || "{}") })),
}));
