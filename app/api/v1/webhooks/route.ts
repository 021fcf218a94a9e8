import { db } from "@/clickhouse/client";
import { listEndpoints } from "@/clickhouse/queries/webhooks";
import { apiRoute } from "@/lib/server/api-route";
import { jsonBody } from "@/lib/server/json-body";
import { createEndpoint, publicEndpoint } from "@/lib/server/webhooks";

export const dynamic = "force-dynamic";

export const GET = apiRoute("read", async () => ({ endpoints: (await listEndpoints(await db())).map(publicEndpoint) }));

// The secret is in this response only; it is never shown again.
export const POST = apiRoute("operate", async ({ req, caller }) => {
  const body = await jsonBody(req, "{url, deployment?, events?, headers?, allow_private?, rate_per_minute?}");
  return Response.json(await createEndpoint(body, caller.actor), { status: 201 });
});
