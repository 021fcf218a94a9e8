import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { deleteUser, roleFrom, setDisabled, setRole } from "@/server/services/users";

export const dynamic = "force-dynamic";

const Body = z
  .object(
    {
      role: z.unknown().optional(),
      disabled: z.boolean({ message: "disabled must be true or false" }).optional(),
    },
    { message: "body must be a JSON object: {role?, disabled?}" },
  )
  .refine((b) => b.role !== undefined || b.disabled !== undefined, { message: "give role and/or disabled" });

// One user, for admins: PATCH {role?, disabled?} and DELETE. Each change is audited; disable
// and delete end the user's sessions within seconds (at once on this replica).
export const PATCH = apiRoute<{ username: string }, Record<string, never>, z.infer<typeof Body>>({ permission: "admin", body: Body }, async ({ body, params, caller }) => {
  const role = body.role === undefined ? undefined : roleFrom(String(body.role));
  const changes: string[] = [];
  if (role !== undefined && (await setRole(params.username, role, caller.actor)).changed) changes.push("role");
  if (body.disabled !== undefined && (await setDisabled(params.username, body.disabled, caller.actor)).changed) changes.push(body.disabled ? "disabled" : "enabled");
  return { username: params.username, changed: changes };
});

export const DELETE = apiRoute<{ username: string }>({ permission: "admin" }, async ({ params, caller }) => {
  await deleteUser(params.username, caller.actor);
  return { username: params.username, deleted: true };
});
