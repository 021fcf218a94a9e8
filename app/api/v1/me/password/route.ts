// Self-service password change for the signed-in user: POST {current, password}. The current
// password is required, and wrong guesses count against the same per-user limit as sign-in.
// Every session of the user ends, this one included: sign in again with the new password.
import { validatePassword } from "@/lib/auth/passwords";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { jsonBody } from "@/lib/server/json-body";
import { signInGuard } from "@/lib/server/auth";
import { changeOwnPassword, userErrorStatus } from "@/lib/server/users";

export const dynamic = "force-dynamic";

export const POST = apiRoute("read", async ({ req, caller }) => {
  if (caller.via !== "session") throw new ApiError(403, "a password is changed by its user, signed in (keys have no password)");
  const body = await jsonBody(req, "{current, password}");
  if (typeof body.current !== "string" || typeof body.password !== "string") throw new ApiError(400, "give current and password (strings)");
  const problem = validatePassword(body.password);
  if (problem) throw new ApiError(400, problem);
  if (body.password === body.current) throw new ApiError(400, "the new password must differ from the current one");
  const guard = signInGuard();
  // Counted like a sign-in attempt (per user; the "client" is the session's user).
  const admission = guard.admit(caller.actor, `session:${caller.actor}`);
  if (!admission.ok) {
    if (admission.reason === "too-long") throw new ApiError(429, "invalid user");
    throw new ApiError(429, `too many attempts; wait ${admission.retryAfterSeconds} s`, undefined, { "retry-after": String(Math.max(1, admission.retryAfterSeconds)) });
  }
  try {
    await changeOwnPassword(caller.actor, body.current, body.password);
  } catch (err) {
    throw new ApiError(userErrorStatus(err), (err as Error).message);
  }
  guard.succeeded(caller.actor, `session:${caller.actor}`);
  return { username: caller.actor, changed: true, signedOut: true };
});
