import { apiRoute } from "@/server/http/api-route";
import { revokeKey } from "@/server/services/keys";

export const dynamic = "force-dynamic";

// Revocation takes effect at once in this process (and within 5 s on other replicas). Audited.
export const DELETE = apiRoute<{ id: string }>({ permission: "admin" }, async ({ params, caller }) => {
  await revokeKey(params.id, caller.actor);
  return { id: params.id, revoked: true };
});
