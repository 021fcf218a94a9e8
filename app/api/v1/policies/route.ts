import { db } from "@/clickhouse/client";
import { getPolicy, listPolicyVersions } from "@/clickhouse/queries/policies";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { savePolicy } from "@/lib/server/policies";

export const dynamic = "force-dynamic";

// GET ?deployment=  → the active policy and every stored version ('' = the default for all).
export const GET = apiRoute("read", async ({ url }) => {
  const deployment = url.searchParams.get("deployment") ?? "";
  const client = await db();
  const [active, versions] = await Promise.all([getPolicy(client, deployment), listPolicyVersions(client, deployment)]);
  return { deployment, active, versions };
});

// POST {deployment, document (JSON object or JSON/YAML text), reason} → 201 with the new version,
// or 422 with every validation error's path and message.
export const POST = apiRoute("operate", async ({ req, caller }) => {
  let body: { deployment?: unknown; document?: unknown; reason?: unknown };
  try {
    body = await req.json();
  } catch {
    throw new ApiError(400, "body must be JSON: {deployment, document, reason}");
  }
  if (typeof body !== "object" || body === null) throw new ApiError(400, "body must be a JSON object");
  if (body.document === undefined) throw new ApiError(400, "document is required");
  const stored = await savePolicy({
    deployment: typeof body.deployment === "string" ? body.deployment : "",
    document: body.document,
    reason: typeof body.reason === "string" ? body.reason : "",
    author: caller.actor,
  });
  return Response.json(stored, { status: 201 });
});
