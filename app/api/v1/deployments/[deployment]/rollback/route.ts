import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { requestRollback } from "@/server/services/rollback";

export const dynamic = "force-dynamic";

// Anything but a JSON object with a string reason is a rollback without a reason: the button
// must work even from a tool that posts nothing.
const Body = z.unknown().transform((b) => {
  const reason = typeof b === "object" && b !== null ? (b as { reason?: unknown }).reason : undefined;
  return { reason: typeof reason === "string" ? reason.slice(0, 1000) : "" };
});

// Sends rollback.requested to the deployment's endpoints, with the current evidence.
export const POST = apiRoute<{ deployment: string }, Record<string, never>, z.infer<typeof Body>>({ permission: "operate", body: Body, optionalBody: true, lenientBody: true }, async ({ params, caller, body }) =>
  Response.json(await requestRollback(params.deployment, caller.actor, body.reason), { status: 202 }),
);
