import { db } from "@/clickhouse/client";
import { listAudit } from "@/clickhouse/queries/webhooks";
import { apiRoute } from "@/lib/server/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async ({ url }) => ({ entries: await listAudit(await db(), { target: url.searchParams.get("target") ?? "" }) }));
