import { z } from "zod";
import { generatePassword } from "@/lib/auth/passwords";
import { apiRoute } from "@/server/http/api-route";
import { createUser, roleFrom, users } from "@/server/services/users";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "admin" }, async () => ({ users: await users() }));

const Body = z.object(
  {
    username: z.unknown().transform((u) => String(u ?? "")),
    role: z.unknown().transform((r) => String(r ?? "")),
    password: z.string({ message: "password must be a string" }).optional(),
  },
  { message: "body must be a JSON object: {username, role, password?}" },
);

// {username, role, password?}: without a password one is generated and returned once. Audited.
export const POST = apiRoute<Record<string, string>, Record<string, never>, z.infer<typeof Body>>({ permission: "admin", body: Body }, async ({ body, caller }) => {
  const role = roleFrom(body.role);
  const password = body.password ?? generatePassword();
  await createUser(body.username, password, role, caller.actor);
  return Response.json({ username: body.username, role, ...(body.password !== undefined ? {} : { password }) }, { status: 201 });
});
