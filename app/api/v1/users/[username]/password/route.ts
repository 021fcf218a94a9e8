import { z } from "zod";
import { generatePassword } from "@/lib/auth/passwords";
import { apiRoute } from "@/server/http/api-route";
import { setPassword } from "@/server/services/users";

export const dynamic = "force-dynamic";

const Body = z.object({ password: z.string({ message: "password must be a string" }).optional() }, { message: "body must be a JSON object: {password?}" });

// An admin sets a user's password: POST {password?}; without one a password is generated and
// returned once. The user's sessions end. Audited.
export const POST = apiRoute<{ username: string }, Record<string, never>, z.infer<typeof Body>>({ permission: "admin", body: Body }, async ({ body, params, caller }) => {
  const password = body.password ?? generatePassword();
  await setPassword(params.username, password, caller.actor);
  return { username: params.username, ...(body.password !== undefined ? {} : { password }) };
});
