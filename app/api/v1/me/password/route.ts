import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { changePasswordSignedIn } from "@/server/services/sign-in";

export const dynamic = "force-dynamic";

const Body = z.object(
  { current: z.string({ message: "give current and password (strings)" }), password: z.string({ message: "give current and password (strings)" }) },
  { message: "body must be a JSON object: {current, password}" },
);

// Self-service password change for the signed-in user: POST {current, password}. The current
// password is required, and wrong guesses count against the same per-user limit as sign-in.
// Every session of the user ends, this one included: sign in again with the new password.
export const POST = apiRoute<Record<string, string>, Record<string, never>, z.infer<typeof Body>>({ permission: "read", body: Body, sessionOnly: "a password is changed by its user, signed in (keys have no password)" }, async ({ body, caller }) => {
  await changePasswordSignedIn(caller.actor, body.current, body.password);
  return { username: caller.actor, changed: true, signedOut: true };
});
