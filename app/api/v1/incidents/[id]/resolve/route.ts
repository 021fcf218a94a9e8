import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { resolveIncident } from "@/server/services/incidents";

export const dynamic = "force-dynamic";

const Body = z.object({ reason: z.string({ message: "reason must be a string" }).optional() }, { message: 'body must be a JSON object: {"reason": "…"} (optional)' });

// An operator ends an open incident; the deployment's evidence starts afresh (docs/policy.md).
export const POST = apiRoute<{ id: string }, Record<string, never>, z.infer<typeof Body>>({ permission: "operate", body: Body, optionalBody: true }, async ({ params, caller, body }) => {
  await resolveIncident(params.id, caller.actor, (body.reason ?? "").slice(0, 500));
  return { id: params.id, resolve_requested_by: caller.actor };
});
