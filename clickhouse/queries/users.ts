import type { Db } from "../client";
import { chTimeMs } from "../time";
import type { Role } from "@/lib/auth/roles";

// Users live in a ReplacingMergeTree: every change appends the whole row with a higher
// `version`, and reads take the latest version of each column (argMax).
export interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
  disabled: number;
  /** Bumped by a password change, disable or delete: sessions signed with an older one are refused. */
  session_version: number;
  /** 1 once the user is deleted (the row stays, as a tombstone). */
  deleted: number;
  /** The row's version (ReplacingMergeTree). */
  version: number;
}

export type NewUserRow = Omit<UserRow, "created_at" | "version" | "session_version" | "deleted"> &
  Partial<Pick<UserRow, "created_at" | "version" | "session_version" | "deleted">>;

export async function putUser(client: Db, u: NewUserRow): Promise<void> {
  await client.insert({
    table: "users",
    format: "JSONEachRow",
    values: [
      {
        username: u.username,
        password_hash: u.password_hash,
        role: u.role,
        disabled: u.disabled,
        created_at: u.created_at ?? chTimeMs(Date.now()),
        session_version: u.session_version ?? 0,
        deleted: u.deleted ?? 0,
        version: u.version ?? Date.now(),
      },
    ],
  });
}

const LATEST = `username, argMax(password_hash, version) password_hash, argMax(role, version) role,
  toString(argMax(created_at, version)) created_at, argMax(disabled, version) disabled,
  toUInt64(argMax(session_version, version)) session_version, argMax(deleted, version) deleted,
  toUInt64(max(version)) row_version`;

function numeric(row: Omit<UserRow, "version"> & { row_version: number }): UserRow {
  const { row_version, ...rest } = row;
  return { ...rest, disabled: Number(row.disabled), deleted: Number(row.deleted), session_version: Number(row.session_version), version: Number(row_version) };
}

/** The latest version of a user's row, deleted or not (callers decide what a tombstone means). */
export async function getUserRow(client: Db, username: string): Promise<UserRow | null> {
  const r = await client.query({
    query: `SELECT ${LATEST} FROM users WHERE username = {u:String} GROUP BY username`,
    query_params: { u: username },
    format: "JSONEachRow",
  });
  const [row] = await r.json<Omit<UserRow, "version"> & { row_version: number }>();
  return row ? numeric(row) : null;
}

/** A user that exists (not deleted), or null. */
export async function getUser(client: Db, username: string): Promise<UserRow | null> {
  const row = await getUserRow(client, username);
  return row && !row.deleted ? row : null;
}

export async function listUsers(client: Db): Promise<Pick<UserRow, "username" | "role" | "created_at" | "disabled">[]> {
  const r = await client.query({
    query: `SELECT username, role, created_at, disabled FROM (SELECT ${LATEST} FROM users GROUP BY username)
            WHERE deleted = 0 ORDER BY username`,
    format: "JSONEachRow",
  });
  return (await r.json<Pick<UserRow, "username" | "role" | "created_at" | "disabled">>()).map((u) => ({ ...u, disabled: Number(u.disabled) }));
}

/** Every username ever stored, deleted ones included: the first admin is created only on an empty table. */
export async function countUsers(client: Db): Promise<number> {
  const r = await client.query({ query: "SELECT toUInt64(uniqExact(username)) n FROM users", format: "JSONEachRow" });
  const [row] = await r.json<{ n: number }>();
  return Number(row.n);
}

/** Admins that can sign in (not disabled, not deleted). */
export async function activeAdmins(client: Db): Promise<string[]> {
  const r = await client.query({
    query: `SELECT username FROM (SELECT ${LATEST} FROM users GROUP BY username)
            WHERE deleted = 0 AND disabled = 0 AND role = 'admin' ORDER BY username`,
    format: "JSONEachRow",
  });
  return (await r.json<{ username: string }>()).map((u) => u.username);
}

export interface SessionState {
  /** null when the user has no row (never existed). */
  user: Pick<UserRow, "role" | "disabled" | "deleted" | "session_version"> | null;
  /** The session id was signed out. */
  revoked: boolean;
}

/** What a session check needs, in one query: the user's latest state and whether the session id was signed out. */
export async function sessionState(client: Db, username: string, sid: string): Promise<SessionState> {
  const r = await client.query({
    query: `SELECT
              (SELECT count() FROM revoked_sessions WHERE sid = {sid:String}) > 0 AS revoked,
              u.found, u.role, u.disabled, u.deleted, u.session_version
            FROM (SELECT 1 AS found, argMax(role, version) role, argMax(disabled, version) disabled,
                         argMax(deleted, version) deleted, toUInt64(argMax(session_version, version)) session_version
                  FROM users WHERE username = {u:String}) AS u`,
    query_params: { u: username, sid },
    format: "JSONEachRow",
  });
  const [row] = await r.json<{ revoked: number | boolean; found: number; role: Role; disabled: number; deleted: number; session_version: number }>();
  const revoked = Boolean(Number(row?.revoked ?? 0));
  // An aggregate without GROUP BY always answers one row: an unknown user has an empty role.
  if (!row || !row.role) return { user: null, revoked };
  return { user: { role: row.role, disabled: Number(row.disabled), deleted: Number(row.deleted), session_version: Number(row.session_version) }, revoked };
}

export async function revokeSession(client: Db, s: { sid: string; username: string; expiresAtMs: number }): Promise<void> {
  await client.insert({
    table: "revoked_sessions",
    format: "JSONEachRow",
    values: [{ sid: s.sid, username: s.username, revoked_at: chTimeMs(Date.now()), expires_at: chTimeMs(s.expiresAtMs).slice(0, 19) }],
  });
}

export async function appendAudit(client: Db, e: { actor: string; action: string; target: string; details?: unknown }): Promise<void> {
  await client.insert({
    table: "audit_log",
    format: "JSONEachRow",
    values: [{ ts: chTimeMs(Date.now()), actor: e.actor, action: e.action, target: e.target, details: JSON.stringify(e.details ?? {}) }],
  });
}
