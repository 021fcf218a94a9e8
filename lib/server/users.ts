// Users: creation and changes (each audited), sign-in checks, session checks, and the
// first-start admin credential.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db, dbConfig } from "@/clickhouse/client";
import {
  activeAdmins,
  appendAudit,
  countUsers,
  getUser,
  getUserRow,
  putUser,
  revokeSession,
  sessionState,
  type SessionState,
  type UserRow,
} from "@/clickhouse/queries/users";
import { burnPasswordCheck, generatePassword, hashPassword, MAX_PASSWORD_LENGTH, validatePassword, verifyPassword } from "@/lib/auth/passwords";
import { parseRole, ROLES, USERNAME, type Role } from "@/lib/auth/roles";
import { TtlCache } from "@/lib/auth/ttl-cache";
import { runtime } from "./runtime";

export type UserErrorCode = "invalid" | "exists" | "not-found" | "last-admin" | "wrong-password";

export class UserError extends Error {
  constructor(public readonly code: UserErrorCode, message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** The HTTP status for a UserError (400 otherwise). */
export function userErrorStatus(err: unknown): number {
  if (!(err instanceof Error) || err.name !== "UserError") return 400;
  return { invalid: 400, exists: 409, "not-found": 404, "last-admin": 409, "wrong-password": 403 }[(err as UserError).code] ?? 400;
}

function checkUsername(username: string): void {
  if (!USERNAME.test(username)) throw new UserError("invalid", "usernames are 1-64 characters of letters, digits, _ . @ -");
}

function checkPassword(password: string): void {
  const problem = validatePassword(password);
  if (problem) throw new UserError("invalid", problem);
}

async function existing(username: string): Promise<UserRow> {
  checkUsername(username);
  const u = await getUser(await db(), username);
  if (!u) throw new UserError("not-found", `no user ${username}`);
  return u;
}

/** Appends a new version of `u` with `change` applied; the row version always increases. */
async function update(u: UserRow, change: Partial<Pick<UserRow, "password_hash" | "role" | "disabled" | "deleted">>, bumpSessions: boolean): Promise<void> {
  await putUser(await db(), {
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
  const admins = await activeAdmins(await db());
  if (admins.length <= 1 && admins.includes(u.username)) {
    throw new UserError("last-admin", `${u.username} is the only admin that can sign in; create or enable another admin before you ${what}`);
  }
}

function audit(actor: string, action: string, target: string, details?: unknown): Promise<void> {
  return db().then((client) => appendAudit(client, { actor, action, target, details }));
}

export async function createUser(username: string, password: string, role: Role, actor: string): Promise<void> {
  checkUsername(username);
  checkPassword(password);
  if (!(ROLES as readonly string[]).includes(role)) parseRole(role);
  const client = await db();
  const prior = await getUserRow(client, username);
  if (prior && !prior.deleted) throw new UserError("exists", `user ${username} already exists`);
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
    throw new UserError("wrong-password", "the current password is wrong");
  }
  if (next === current) throw new UserError("invalid", "the new password must differ from the current one");
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
  parseRole(role);
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
  const u = await getUser(await db(), username);
  if (!u || u.disabled) return burnPasswordCheck(password).then(() => null);
  return (await verifyPassword(password, u.password_hash)) ? { username: u.username, role: u.role, sessionVersion: u.session_version } : null;
}

// ---- Sessions -------------------------------------------------------------------------------

/** What a session (JWT) carries about its user. Sessions from before revocable sessions have no sid. */
export interface SessionClaims {
  name: string;
  sid?: string;
  sv?: number;
  kind?: "password" | "oidc";
  role?: Role;
}

export type SessionVerdict = { ok: true; role: Role } | { ok: false; reason: string };

export const SESSION_CHECK_TTL_MS = 5_000;

interface CachedVerdict {
  username: string;
  verdict: SessionVerdict;
}

interface SessionHolder {
  cache: TtlCache<CachedVerdict>;
  warnedAt: number;
}
// One cache per process, shared by the Next.js bundles (each has its own copy of this module).
const sessions: SessionHolder = ((globalThis as Record<string, unknown>).__quantlensSessions ??= {
  cache: new TtlCache<CachedVerdict>(SESSION_CHECK_TTL_MS, 20_000),
  warnedAt: 0,
}) as SessionHolder;

export function newSessionId(): string {
  return crypto.randomBytes(18).toString("base64url");
}

/** The verdict on a session given its user's stored state (pure). */
export function judgeSession(claims: SessionClaims, state: SessionState): SessionVerdict {
  if (state.revoked) return { ok: false, reason: "signed out" };
  if (claims.kind === "oidc") return { ok: true, role: claims.role ?? "viewer" };
  if (!state.user || state.user.deleted) return { ok: false, reason: "no such user" };
  if (state.user.disabled) return { ok: false, reason: "user disabled" };
  if (state.user.session_version !== claims.sv) return { ok: false, reason: "session ended (password changed or user disabled)" };
  return { ok: true, role: state.user.role };
}

/**
 * Whether a signed session is still good, and the user's current role. Reads ClickHouse at most
 * once per SESSION_CHECK_TTL_MS per session, so a sign-out, disable, delete, password or role
 * change on any replica takes effect within that time (at once in the process that made it).
 * If the database cannot be read, the last verdict stands (or the signature alone for a session
 * not seen yet): pages and APIs answer with the database error then anyway.
 */
export async function checkSession(claims: SessionClaims, now = Date.now()): Promise<SessionVerdict> {
  if (!claims.name || !claims.sid) return { ok: false, reason: "session from before revocable sessions; sign in again" };
  if (claims.kind !== "oidc" && typeof claims.sv !== "number") return { ok: false, reason: "session without a version" };
  const hit = sessions.cache.get(claims.sid, now);
  if (hit && hit.username === claims.name) return hit.verdict;
  let state: SessionState;
  try {
    await runtime();
    state = await sessionState(await db(), claims.name, claims.sid);
  } catch (err) {
    if (now - sessions.warnedAt > 60_000) {
      sessions.warnedAt = now;
      console.warn(`[auth] cannot check sessions against the database (${(err as Error).message}); trusting signed sessions until it answers`);
    }
    const stale = sessions.cache.stale(claims.sid);
    return stale && stale.username === claims.name ? stale.verdict : { ok: true, role: claims.role ?? "viewer" };
  }
  const verdict = judgeSession(claims, state);
  sessions.cache.set(claims.sid, { username: claims.name, verdict }, now);
  return verdict;
}

/** Drops this process's cached verdicts for a user (its changes apply here at once). */
export function forgetSessionsOf(username: string): void {
  sessions.cache.deleteWhere((v) => v.username === username);
}

/** Records a sign-out: the session id is refused everywhere until it would have expired. */
export async function endSession(claims: SessionClaims & { exp?: number }): Promise<void> {
  if (!claims.sid || !claims.name) return;
  const expiresAtMs = typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 24 * 3600_000;
  await revokeSession(await db(), { sid: claims.sid, username: claims.name, expiresAtMs });
  sessions.cache.delete(claims.sid);
}

// ---- First start ----------------------------------------------------------------------------

/** Where the generated first-start admin password is written: beside the data directory. */
export function firstAdminFile(): string {
  const override = process.env.QUANTLENS_ADMIN_PASSWORD_FILE?.trim();
  if (override) return path.resolve(override);
  return path.join(path.dirname(dbConfig().dataDir), ".quantlens-admin-password");
}

function removeFirstAdminFile(): void {
  const file = firstAdminFile();
  try {
    fs.rmSync(file);
    console.log(`[quantlens] the admin password was changed: removed the first-start password file ${file}`);
  } catch {
    /* not there */
  }
}

/** Writes `text` to `file` readable by this user only (0600), replacing any older file. */
function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, text, { mode: 0o600, flag: "wx" });
  fs.renameSync(tmp, file);
}

/**
 * With no users yet, create `admin`: with QUANTLENS_ADMIN_PASSWORD, or with a random password
 * written to a 0600 file beside the data (only its path is printed; the log never sees it).
 */
export async function ensureFirstAdmin(): Promise<void> {
  const client = await db();
  if ((await countUsers(client)) > 0) return;
  const fromEnv = process.env.QUANTLENS_ADMIN_PASSWORD;
  const password = fromEnv || generatePassword();
  const file = fromEnv ? null : firstAdminFile();
  if (file) writePrivate(file, `${password}\n`);
  await putUser(client, { username: "admin", password_hash: hashPassword(password), role: "admin", disabled: 0 });
  await appendAudit(client, { actor: "system", action: "user.create", target: "admin", details: { role: "admin", firstStart: true } });
  console.log(
    file
      ? `\n[quantlens] First start: created the user "admin". Its password is in\n\n    ${file}\n\n` +
          `(readable only by this system user; only a hash is in the database). Sign in as admin, then change the password\n` +
          `(Account → Change password, or \`npm run quantlens -- users passwd --username admin\`): the file is removed then.\n`
      : `\n[quantlens] First start: created the user "admin" with the password from QUANTLENS_ADMIN_PASSWORD (only its hash is stored).\n`,
  );
}
