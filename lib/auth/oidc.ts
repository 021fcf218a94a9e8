// Single sign-on (OIDC): who may sign in and with which role, from the provider's claims.
// Pure: the configuration is read from an environment given to it, and decisions are made from
// the claims alone (server/http/auth.ts wires them into next-auth).
import { ROLES, type Role } from "./roles";

export const DEFAULT_OIDC_SCOPE = "openid email profile";

export interface OidcSettings {
  /** The role of a user whose claims map to none; null: such users are refused. */
  defaultRole: Role | null;
  /** The claim holding the user's groups or roles (a name, or a dotted path into nested claims). */
  roleClaim: string | null;
  /** Claim value → role. Empty: the values `viewer`, `operator`, `admin` are the roles themselves. */
  roleMap: Map<string, Role>;
  /** Allowed email domains, lower case; empty: any. */
  allowedDomains: string[];
  scope: string;
  /** Configuration mistakes, in words for the log (never values of secrets). */
  errors: string[];
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);
const list = (s: string | undefined) => (s ?? "").split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

export function oidcSettings(env: Record<string, string | undefined>): OidcSettings {
  const errors: string[] = [];
  const roleText = (env.QUANTLENS_OIDC_ROLE ?? "").trim().toLowerCase();
  let defaultRole: Role | null = "viewer";
  if (roleText === "none") defaultRole = null;
  else if (roleText && isRole(roleText)) defaultRole = roleText;
  else if (roleText) {
    // Fail closed: a typo must not hand out a role nobody meant.
    errors.push(`QUANTLENS_OIDC_ROLE must be viewer, operator, admin or none; users whose claims map to no role are refused until it is fixed`);
    defaultRole = null;
  }
  const roleMap = new Map<string, Role>();
  for (const entry of list(env.QUANTLENS_OIDC_ROLE_MAP)) {
    const at = entry.lastIndexOf("=");
    const value = at > 0 ? entry.slice(0, at) : "";
    const role = at > 0 ? entry.slice(at + 1).toLowerCase() : "";
    if (!value || !isRole(role)) errors.push(`QUANTLENS_OIDC_ROLE_MAP: ignored ${JSON.stringify(entry)} (write value=role, role one of ${ROLES.join(", ")})`);
    else if (!roleMap.has(value) || RANK[role] > RANK[roleMap.get(value)!]) roleMap.set(value, role);
  }
  const roleClaim = (env.QUANTLENS_OIDC_ROLE_CLAIM ?? "").trim() || null;
  if (roleMap.size && !roleClaim) errors.push("QUANTLENS_OIDC_ROLE_MAP is set but QUANTLENS_OIDC_ROLE_CLAIM is not: the map is not used");
  const allowedDomains = list(env.QUANTLENS_OIDC_ALLOWED_DOMAINS).map((d) => d.replace(/^@/, "").toLowerCase());
  const scopes = list(env.QUANTLENS_OIDC_SCOPE);
  if (scopes.length && !scopes.includes("openid")) scopes.unshift("openid");
  return { defaultRole, roleClaim, roleMap, allowedDomains, scope: scopes.length ? scopes.join(" ") : DEFAULT_OIDC_SCOPE, errors };
}

/** A claim by name, or (when no claim has that exact name) by a dotted path: `realm_access.roles`. */
function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, name)) return claims[name];
  let v: unknown = claims;
  for (const part of name.split(".")) {
    if (typeof v !== "object" || v === null || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function claimValues(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

/** The highest role the claims map to, or null. */
export function mappedRole(claims: Record<string, unknown>, s: OidcSettings): Role | null {
  if (!s.roleClaim) return null;
  let best: Role | null = null;
  for (const value of claimValues(claimAt(claims, s.roleClaim))) {
    const role = s.roleMap.size ? s.roleMap.get(value) : isRole(value) ? value : undefined;
    if (role && (best === null || RANK[role] > RANK[best])) best = role;
  }
  return best;
}

export type OidcDecision = { ok: true; id: string; name: string; role: Role } | { ok: false; id: string; name: string; reason: string };

/**
 * Whether the provider's user may sign in, under which name and with which role. The name is
 * the email (lower case) unless the provider says it is not verified, else the subject: never the
 * display name, which users can often set to anything (it would then pose as another user in the
 * audit log).
 */
export function decideOidcUser(claims: Record<string, unknown>, s: OidcSettings): OidcDecision {
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  // Some providers send the flag as a string.
  const verified = claims.email_verified !== false && claims.email_verified !== "false";
  const name = email && verified ? email : sub;
  const refuse = (reason: string): OidcDecision => ({ ok: false, id: sub, name: name || "(no subject)", reason });
  if (!sub) return refuse("the provider sent no subject (sub)");
  if (s.allowedDomains.length) {
    if (!email) return refuse("no email claim, and QUANTLENS_OIDC_ALLOWED_DOMAINS is set");
    if (!verified) return refuse("the provider says the email is not verified");
    const domain = email.slice(email.lastIndexOf("@") + 1);
    if (!email.includes("@") || !s.allowedDomains.includes(domain)) return refuse(`the email domain ${JSON.stringify(domain)} is not in QUANTLENS_OIDC_ALLOWED_DOMAINS`);
  }
  const role = mappedRole(claims, s) ?? s.defaultRole;
  if (!role) return refuse(s.roleClaim ? `the ${s.roleClaim} claim maps to no role, and QUANTLENS_OIDC_ROLE is none` : "QUANTLENS_OIDC_ROLE is none and no role claim is configured");
  return { ok: true, id: sub, name, role };
}

/** The sign-in button's label when single sign-on is configured (issuer, client id and secret), else null. */
export function oidcButtonName(env: Record<string, string | undefined>): string | null {
  if (!env.QUANTLENS_OIDC_ISSUER?.trim() || !env.QUANTLENS_OIDC_CLIENT_ID?.trim() || !env.QUANTLENS_OIDC_CLIENT_SECRET?.trim()) return null;
  return env.QUANTLENS_OIDC_NAME?.trim() || "Single sign-on";
}

/**
 * A next-auth error for the log: names, messages and the provider's error code, never the
 * objects themselves: openid-client's errors can carry the ID token (`jwt`), the authorization
 * code and PKCE verifier (`params`, `checks`) and the user's claims (`body`) as properties.
 */
export function describeAuthError(metadata: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const add = (e: unknown, depth: number) => {
    if (depth > 4 || e === null || e === undefined || seen.has(e)) return;
    seen.add(e);
    if (typeof e !== "object") return void parts.push(String(e).slice(0, 300));
    const o = e as Record<string, unknown>;
    if (e instanceof Error || typeof o.message === "string") {
      const name = typeof o.name === "string" ? o.name : "Error";
      parts.push(`${name}: ${String(o.message ?? "").slice(0, 300)}`);
    }
    if (typeof o.providerId === "string") parts.push(`provider ${o.providerId}`);
    if (typeof o.error === "string") parts.push(`provider error ${o.error.slice(0, 100)}`);
    if (typeof o.error_description === "string") parts.push(`(${o.error_description.slice(0, 300)})`);
    if (typeof o.code === "string") parts.push(`code ${o.code.slice(0, 60)}`);
    if (typeof o.error === "object") add(o.error, depth + 1);
    add(o.cause, depth + 1);
  };
  add(metadata, 0);
  return parts.join("; ") || "(no details)";
}
