import { db } from "@/clickhouse/client";
import { appendAudit } from "@/clickhouse/queries/users";
import { parseScopes } from "@/lib/auth/keys";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { jsonBody } from "@/lib/server/json-body";
import { runtime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

export const GET = apiRoute("admin", async () => ({
  keys: (await (await runtime()).keys.list()).map(({ hash: _hash, ...k }) => k),
}));

// {name, scopes: "ingest,read"}: the key is in this response only; only its hash is stored.
export const POST = apiRoute("admin", async ({ req, caller }) => {
  const body = await jsonBody(req, "{name, scopes}");
  const name = String(body.name ?? "").trim();
  if (!name || name.length > 128) throw new ApiError(400, "name is required (at most 128 characters)");
  let scopes;
  try {
    scopes = parseScopes(Array.isArray(body.scopes) ? body.scopes.join(",") : String(body.scopes ?? ""));
  } catch (err) {
    throw new ApiError(400, (err as Error).message);
  }
  const { key, stored } = await (await runtime()).keys.create(name, scopes);
  await appendAudit(await db(), { actor: caller.actor, action: "key.create", target: stored.id, details: { name, scopes } });
  return Response.json({ id: stored.id, name, scopes, key }, { status: 201 });
});
