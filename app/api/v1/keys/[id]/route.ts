import { db } from "@/clickhouse/client";
import { appendAudit } from "@/clickhouse/queries/users";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { runtime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

// Revocation takes effect at once in this process (and within 5 s on other replicas).
export const DELETE = apiRoute<{ id: string }>("admin", async ({ params, caller }) => {
  if (!(await (await runtime()).keys.revoke(params.id))) throw new ApiError(404, `no active key ${JSON.stringify(params.id)}`);
  await appendAudit(await db(), { actor: caller.actor, action: "key.revoke", target: params.id });
  return { id: params.id, revoked: true };
});
