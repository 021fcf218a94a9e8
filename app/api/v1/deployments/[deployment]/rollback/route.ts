import { requestRollback } from "@/lib/server/actions";
import { apiRoute } from "@/lib/server/api-route";

export const dynamic = "force-dynamic";

// Sends rollback.requested to the deployment's endpoints, with the current evidence.
export const POST = apiRoute<{ deployment: string }>("operate", async ({ req, params, caller }) => {
  const body = await req.json().catch(() => ({}));
  const reason = typeof body?.reason === "string" ? body.reason.slice(0, 1000) : "";
  return Response.json(await requestRollback(params.deployment, caller.actor, reason), { status: 202 });
});
