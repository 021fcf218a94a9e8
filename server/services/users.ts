// Users for the API, the CLI and sign-in: list, create and change (each audited here, whoever
// asks), and the credentials check.
import { activeAdmins, appendAudit, getUser, getUserRow, listUsers, putUser, type UserRow } from "@/clickhouse/queries/users";
import { burnPasswordCheck, hashPassword, MAX_PASSWORD_LENGTH, validatePassword, verifyPassword } from "@/lib/auth/passwords";
import { parseRole, USERNAME, type Role } from "@/lib/auth/roles";
import { ConflictError, NotFoundError, RefusedError, ValidationError } from "@/lib/errors";
import { database } from "@/server/runtime/runtime";
import { removeFirstAdminFile } from "./first-admin";
import { forgetSessionsOf } from "./sessions";

/** Every user, without password hashes. */
export async function users(): Promise<Awaited<ReturnType<typeof listUsers>>> {
  return listUsers(await database());
}

/** A role from text, or a ValidationError naming the roles. */
export function roleFrom(text: string): Role {
  try {
    return parseRole(text);
  } catch (err) {
    throw new ValidationError((err as Error).message, undefined, "invalid");
  }
}

function checkUsername(username: string): void {
  if (!USERNAME.test(username)) throw new ValidationError("usernames are 1-64 characters of letters, digits, _ . @ -", undefined, "invalid");
}

function checkPassword(password: string): void {
  const problem = validatePassword(password);
  if (problem) throw new ValidationError(problem, undefined, "invalid");
}

async function existing(username: string): Promise<UserRow> {
  checkUsername(username);
  const u = await getUser(await database(), username);
  if (!u) throw new NotFoundError(`no user ${username}`, "not-found");
  return u;
}

/** Appends a new version of `u` with `change` applied; the row version always increases. */
async function update(u: UserRow, change: Partial<Pick<UserRow, "password_hash" | "role" | "disabled" | "deleted">>, bumpSessions: boolean): Promise<void> {
  await putUser(await database(), {
    username: u.username,
    password_hash: change.password_hash ?? u.password_hash,
    role: change.role ?? u.role,
    disabled: change.disabled ?? u.disabled,
    deleted: change.deleted ?? u.deleted,
    created_at: u.created_at,
    session_version: bumpSessions ? u.session_version + 1 : u.session_version,
    version: Math.max(Date.now(), u.version + 1),
  });
  forgetSessionsOf(u.username);
}

/** Refuses a change that would leave no admin able to sign in. */
async function keepAnAdmin(u: UserRow, what: string): Promise<void> {
  if (u.role !== "admin" || u.disabled) return;
  const admins = await activeAdmins(await database());
  if (admins.length <= 1 && admins.includes(u.username)) {
    throw new ConflictError(`${u.username} is the only admin that can sign in; create or enable another admin before ${what}`, "last-admin");
  }
}

function audit(actor: string, action: string, target: string, details?: unknown): Promise<void> {
  return database().then((client) => appendAudit(client, { actor, action, target, details }));
}

export async function createUser(username: string, password: string, role: Role, actor: string): Promise<void> {
  checkUsername(username);
  checkPassword(password);
  roleFrom(role);
  const client = await database();
  const prior = await getUserRow(client, username);
  if (prior && !prior.deleted) throw new ConflictError(`user ${username} already exists`, "exists");
  // A name used before: its sessions stay dead (the new session version is past the old one).
  await putUser(client, {
    username,
    password_hash: hashPassword(password),
    role,
    disabled: 0,
    deleted: 0,
    session_version: prior ? prior.session_version + 1 : 0,
    version: prior ? Math.max(Date.now(), prior.version + 1) : Date.now(),
  });
  forgetSessionsOf(username);
  await audit(actor, "user.create", username, { role });
}

/** Sets a new password and ends the user's sessions. */
export async function setPassword(username: string, password: string, actor: string): Promise<void> {
  const u = await existing(username);
  checkPassword(password);
  await update(u, { password_hash: hashPassword(password) }, true);
  await audit(actor, "user.passwd", username, actor === username ? { self: true } : {});
  if (username === "admin") removeFirstAdminFile();
}

/** Self-service: the current password is required. Ends every session of the user, this one included. */
export async function changeOwnPassword(username: string, current: string, next: string): Promise<void> {
  const u = await existing(username);
  checkPassword(next);
  if (current.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(current, u.password_hash))) {
    throw new RefusedError("the current password is wrong", "wrong-password");
  }
  if (next === current) throw new ValidationError("the new password must differ from the current one", undefined, "invalid");
  await setPassword(username, next, username);
}

export async function setDisabled(username: string, disabled: boolean, actor: string): Promise<{ changed: boolean }> {
  const u = await existing(username);
  if (Boolean(u.disabled) === disabled) return { changed: false };
  if (disabled) await keepAnAdmin(u, "disabling it");
  // Disabling ends the sessions; enabling does not bring old ones back.
  await update(u, { disabled: disabled ? 1 : 0 }, disabled);
  await audit(actor, disabled ? "user.disable" : "user.enable", username);
  return { changed: true };
}

export async function setRole(username: string, role: Role, actor: string): Promise<{ changed: boolean }> {
  const u = await existing(username);
  roleFrom(role);
  if (u.role === role) return { changed: false };
  if (role !== "admin") await keepAnAdmin(u, "changing its role");
  // Sessions read the role from the database on their next check: no need to end them.
  await update(u, { role }, false);
  await audit(actor, "user.role", username, { from: u.role, to: role });
  return { changed: true };
}

export async function deleteUser(username: string, actor: string): Promise<void> {
  const u = await existing(username);
  await keepAnAdmin(u, "deleting it");
  await update(u, { deleted: 1, disabled: 1, password_hash: "" }, true);
  await audit(actor, "user.delete", username);
}

export async function checkCredentials(username: string, password: string): Promise<{ username: string; role: Role; sessionVersion: number } | null> {
  if (!USERNAME.test(username) || password.length > MAX_PASSWORD_LENGTH) return null;
  const u = await getUser(await database(), username);
  if (!u || u.disabled) return burnPasswordCheck(password).then(() => null);
  return (await verifyPassword(password, u.password_hash)) ? { username: u.username, role: u.role, sessionVersion: u.session_version } : null;
}
