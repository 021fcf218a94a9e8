// One user, for admins: PATCH {role?, disabled?} and DELETE. Each change is audited; disable
// and delete end the user's sessions within seconds (at once on this replica).
import { parseRole, type Role } from "@/lib/auth/roles";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { jsonBody } from "@/lib/server/json-body";
import { deleteUser, setDisabled, setRole, userErrorStatus } from "@/lib/server/users";

export const dynamic = "force-dynamic";

async function mapped<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if ((err as Error)?.name === "UserError" || /^unknown role/.test((err as Error)?.message ?? "")) throw new ApiError(userErrorStatus(err), (err as Error).message);
    throw err;
  }
}

export const PATCH = apiRoute<{ username: string }>("admin", async ({ req, params, caller }) => {
  const body = await jsonBody(req, "{role?, disabled?}");
  if (body.role === undefined && body.disabled === undefined) throw new ApiError(400, "give role and/or disabled");
  if (body.disabled !== undefined && typeof body.disabled !== "boolean") throw new ApiError(400, "disabled must be true or false");
  let role: Role | undefined;
  if (body.role !== undefined) {
    try {
      role = parseRole(String(body.role));
    } catch (err) {
      throw new ApiError(400, (err as Error).message);
    }
  }
  const username = params.username;
  return mapped(async () => {
    const changes: string[] = [];
    if (role !== undefined && (await setRole(username, role, caller.actor)).changed) changes.push("role");
    if (typeof body.disabled === "boolean" && (await setDisabled(username, body.disabled, caller.actor)).changed) changes.push(body.disabled ? "disabled" : "enabled");
    return { username, changed: changes };
  });
});

export const DELETE = apiRoute<{ username: string }>("admin", async ({ params, caller }) =>
  mapped(async () => {
    await deleteUser(params.username, caller.actor);
    return { username: params.username, deleted: true };
  }),
);
