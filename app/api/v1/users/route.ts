import { db } from "@/clickhouse/client";
import { listUsers } from "@/clickhouse/queries/users";
import { generatePassword } from "@/lib/auth/passwords";
import { parseRole } from "@/lib/auth/roles";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { jsonBody } from "@/lib/server/json-body";
import { createUser, userErrorStatus } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const GET = apiRoute("admin", async () => ({ users: await listUsers(await db()) }));

// {username, role, password?}: without a password one is generated and returned once. Audited.
export const POST = apiRoute("admin", async ({ req, caller }) => {
  const body = await jsonBody(req, "{username, role, password?}");
  let role;
  try {
    role = parseRole(String(body.role ?? ""));
  } catch (err) {
    throw new ApiError(400, (err as Error).message);
  }
  const username = String(body.username ?? "");
  const password = typeof body.password === "string" ? body.password : generatePassword();
  try {
    await createUser(username, password, role, caller.actor);
  } catch (err) {
    throw new ApiError(userErrorStatus(err), (err as Error).message);
  }
  return Response.json({ username, role, ...(typeof body.password === "string" ? {} : { password }) }, { status: 201 });
});
