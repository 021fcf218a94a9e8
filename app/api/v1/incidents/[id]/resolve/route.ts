import { resolveIncident } from "@/lib/server/actions";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { jsonBody } from "@/lib/server/json-body";

export const dynamic = "force-dynamic";

// An operator ends an open incident; the deployment's evidence starts afresh (docs/policy.md).
export const POST = apiRoute<{ id: string }>("operate", async ({ req, params, caller }) => {
  const text = await req.clone().text();
  const body = text.trim() ? await jsonBody(req, '{"reason": "…"} (optional)') : {};
  if (body.reason !== undefined && typeof body.reason !== "string") throw new ApiError(400, "reason must be a string");
  await resolveIncident(params.id, caller.actor, String(body.reason ?? "").slice(0, 500));
  return { id: params.id, resolve_requested_by: caller.actor };
});
