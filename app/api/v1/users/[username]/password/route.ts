// An admin sets a user's password: POST {password?}; without one a password is generated and
// returned once. The user's sessions end. Audited.
import { generatePassword } from "@/lib/auth/passwords";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { jsonBody } from "@/lib/server/json-body";
import { setPassword, userErrorStatus } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ username: string }>("admin", async ({ req, params, caller }) => {
  const body = await jsonBody(req, "{password?}");
  if (body.password !== undefined && typeof body.password !== "string") throw new ApiError(400, "password must be a string");
  const password = typeof body.password === "string" ? body.password : generatePassword();
  try {
    await setPassword(params.username, password, caller.actor);
  } catch (err) {
    throw new ApiError(userErrorStatus(err), (err as Error).message);
  }
  return { username: params.username, ...(typeof body.password === "string" ? {} : { password }) };
});
