// Sessions: whether a signed session (JWT) is still good, checked against ClickHouse at most once
// per few seconds per session and process, and sign-out.
import crypto from "node:crypto";
import { revokeSession, sessionState, type SessionState } from "@/clickhouse/queries/users";
import type { Role } from "@/lib/auth/roles";
import { TtlCache } from "@/lib/auth/ttl-cache";
import { singleton } from "@/server/runtime/process-state";
import { database } from "@/server/runtime/runtime";


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
// One cache per process, shared by the Next.js bundles.
const sessions = (): SessionHolder => singleton("sessions", () => ({ cache: new TtlCache<CachedVerdict>(SESSION_CHECK_TTL_MS, 20_000), warnedAt: 0 }));

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
  const hit = sessions().cache.get(claims.sid, now);
  if (hit && hit.username === claims.name) return hit.verdict;
  let state: SessionState;
  try {
    state = await sessionState(await database(), claims.name, claims.sid);
  } catch (err) {
    if (now - sessions().warnedAt > 60_000) {
      sessions().warnedAt = now;
      console.warn(`[auth] cannot check sessions against the database (${(err as Error).message}); trusting signed sessions until it answers`);
    }
    const stale = sessions().cache.stale(claims.sid);
    return stale && stale.username === claims.name ? stale.verdict : { ok: true, role: claims.role ?? "viewer" };
  }
  const verdict = judgeSession(claims, state);
  sessions().cache.set(claims.sid, { username: claims.name, verdict }, now);
  return verdict;
}

/** Drops this process's cached verdicts for a user (its changes apply here at once). */
export function forgetSessionsOf(username: string): void {
  sessions().cache.deleteWhere((v) => v.username === username);
}

/** Records a sign-out: the session id is refused everywhere until it would have expired. */
export async function endSession(claims: SessionClaims & { exp?: number }): Promise<void> {
  if (!claims.sid || !claims.name) return;
  const expiresAtMs = typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 24 * 3600_000;
  await revokeSession(await database(), { sid: claims.sid, username: claims.name, expiresAtMs });
  sessions().cache.delete(claims.sid);
}
