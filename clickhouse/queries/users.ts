import type { Db } from "../client";
import { chTimeMs } from "../time";
import type { Role } from "@/lib/auth/roles";

export interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
  disabled: number;
}

export async function putUser(client: Db, u: Omit<UserRow, "created_at"> & { created_at?: string }): Promise<void> {
  await client.insert({
    table: "users",
    format: "JSONEachRow",
    values: [{ ...u, created_at: u.created_at ?? chTimeMs(Date.now()), version: Date.now() }],
  });
}

export async function getUser(client: Db, username: string): Promise<UserRow | null> {
  const r = await client.query({
    query: `SELECT username, argMax(password_hash, version) password_hash, argMax(role, version) role,
              toString(min(created_at)) created_at, argMax(disabled, version) disabled
            FROM users WHERE username = {u:String} GROUP BY username`,
    query_params: { u: username },
    format: "JSONEachRow",
  });
  const [row] = await r.json<UserRow>();
  return row ?? null;
}

export async function listUsers(client: Db): Promise<Omit<UserRow, "password_hash">[]> {
  const r = await client.query({
    query: `SELECT username, argMax(role, version) role, toString(min(created_at)) created_at, argMax(disabled, version) disabled
            FROM users GROUP BY username ORDER BY username`,
    format: "JSONEachRow",
  });
  return r.json();
}

export async function countUsers(client: Db): Promise<number> {
  const r = await client.query({ query: "SELECT toUInt64(uniqExact(username)) n FROM users", format: "JSONEachRow" });
  const [row] = await r.json<{ n: number }>();
  return Number(row.n);
}

export async function appendAudit(client: Db, e: { actor: string; action: string; target: string; details?: unknown }): Promise<void> {
  await client.insert({
    table: "audit_log",
    format: "JSONEachRow",
    values: [{ ts: chTimeMs(Date.now()), actor: e.actor, action: e.action, target: e.target, details: JSON.stringify(e.details ?? {}) }],
  });
}
