// next-auth configuration: credentials (users in ClickHouse), and OIDC when configured.
// Sessions are signed JWTs that also carry a session id and the user's session version; every
// read of a session checks them against ClickHouse (cached for a few seconds), so sign-out,
// disable, delete, password and role changes take effect within seconds on every replica.
import type { NextAuthOptions, Profile } from "next-auth";
import type { Client, TokenSet, TokenSetParameters } from "openid-client";
import CredentialsProvider from "next-auth/providers/credentials";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { roleCan, type Permission, type Role } from "@/lib/auth/roles";
import { safeCallbackPath, safeRedirect } from "@/lib/auth/redirect";
import { decideOidcUser, describeAuthError, oidcButtonName, oidcSettings, type OidcSettings } from "@/lib/auth/oidc";
import { config } from "@/server/runtime/config";
import { singleton } from "@/server/runtime/process-state";
import { checkSession, endSession, newSessionId, type SessionClaims } from "@/server/services/sessions";
import { authorizeCredentials, type HeaderBag } from "@/server/services/sign-in";

interface OidcHolder {
  settings?: OidcSettings;
  from?: Record<string, string | undefined>;
  warnedClient?: boolean;
}
const oidcHolder = () => singleton<OidcHolder>("oidc", () => ({}));

/** Single sign-on's rules (lib/auth/oidc), read once per configuration; mistakes are logged once. */
function oidcRules(): OidcSettings {
  const env = config().oidcEnv;
  const h = oidcHolder();
  if (!h.settings || h.from !== env) {
    h.settings = oidcSettings(env);
    h.from = env;
    for (const e of h.settings.errors) console.error(`[auth] ${e}`);
  }
  return h.settings;
}

type OidcUser = { id: string; name: string; role: Role } | { id: string; name: string; refused: string };

/**
 * The claims of a signed-in provider user: the ID token's (validated by openid-client: signature,
 * issuer, audience, expiry), completed by the userinfo endpoint's. A conformant provider puts
 * email, name and groups in userinfo only, for the authorization code flow. openid-client checks
 * that userinfo's `sub` is the ID token's. (next-auth passes openid-client's TokenSet; its types
 * say only the token parameters.)
 */
async function oidcClaims({ tokens, client }: { tokens: TokenSetParameters; client: Client }): Promise<Profile> {
  const set = tokens as TokenSet;
  const fromIdToken = set.claims() as Record<string, unknown>;
  if (!set.access_token || !client.issuer.metadata.userinfo_endpoint) return fromIdToken;
  const fromUserinfo = (await client.userinfo(set)) as Record<string, unknown>;
  return { ...fromUserinfo, ...fromIdToken };
}

function oidcProvider(): NextAuthOptions["providers"] {
  const env = config().oidcEnv;
  const name = oidcButtonName(env);
  if (!name) {
    if (env.QUANTLENS_OIDC_ISSUER?.trim() && !oidcHolder().warnedClient) {
      oidcHolder().warnedClient = true;
      console.error("[auth] QUANTLENS_OIDC_ISSUER is set but QUANTLENS_OIDC_CLIENT_ID or QUANTLENS_OIDC_CLIENT_SECRET is not: single sign-on is off");
    }
    return [];
  }
  const issuer = env.QUANTLENS_OIDC_ISSUER!.trim().replace(/\/+$/, "");
  return [
    {
      id: "oidc",
      name,
      type: "oauth",
      wellKnown: `${issuer}/.well-known/openid-configuration`,
      clientId: env.QUANTLENS_OIDC_CLIENT_ID!.trim(),
      clientSecret: env.QUANTLENS_OIDC_CLIENT_SECRET!.trim(),
      authorization: { params: { scope: oidcRules().scope } },
      idToken: true,
      checks: ["pkce", "state"],
      // openid-client's default is 3.5 s per request to the provider.
      httpOptions: { timeout: 10_000 },
      userinfo: { request: oidcClaims },
      // Who may sign in, as whom, with which role. A refusal is carried to the signIn callback
      // (throwing here would make next-auth log the whole profile and end on a page with no reason).
      profile(claims: Record<string, unknown>): OidcUser {
        const d = decideOidcUser(claims, oidcRules());
        return d.ok ? { id: d.id, name: d.name, role: d.role } : { id: d.id || "unknown", name: d.name, refused: d.reason };
      },
    },
  ];
}

/** Thrown from the jwt callback for a session that was ended; next-auth then clears the cookie. */
class SessionEnded extends Error {
  constructor(reason: string) {
    super(`session ended: ${reason}`);
    this.name = "SessionEnded";
  }
}

function claimsOf(token: Record<string, unknown>): SessionClaims & { exp?: number } {
  return {
    name: typeof token.name === "string" ? token.name : "",
    sid: typeof token.sid === "string" ? token.sid : undefined,
    sv: typeof token.sv === "number" ? token.sv : undefined,
    kind: token.kind === "oidc" ? "oidc" : "password",
    role: typeof token.role === "string" ? (token.role as Role) : undefined,
    exp: typeof token.exp === "number" ? token.exp : undefined,
  };
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 3600 },
  // Errors (a refused single sign-on user, a provider that cannot be reached) end on the sign-in
  // page, which says what happened, instead of next-auth's own error page.
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Quantlens",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        return authorizeCredentials(credentials, (req?.headers ?? {}) as HeaderBag);
      },
    }),
    ...oidcProvider(),
  ],
  callbacks: {
    signIn({ user, account }) {
      const refused = account?.provider === "oidc" ? (user as { refused?: string }).refused : undefined;
      if (refused === undefined) return true;
      // The admin learns why; the user's page says only that they are not allowed (AccessDenied).
      console.warn(`[auth] single sign-on refused ${JSON.stringify(user.name)}: ${refused}`);
      return false;
    },
    async jwt({ token, user, account }) {
      if (user) {
        // A new sign-in: a fresh session id, and the user's session version at this moment.
        const u = user as { role?: Role; sv?: number };
        token.role = u.role ?? "viewer";
        token.sid = newSessionId();
        token.kind = account?.provider === "oidc" ? "oidc" : "password";
        if (typeof u.sv === "number") token.sv = u.sv;
        return token;
      }
      const verdict = await checkSession(claimsOf(token));
      if (!verdict.ok) throw new SessionEnded(verdict.reason);
      token.role = verdict.role;
      return token;
    },
    session({ session, token }) {
      (session as SessionWithRole).role = (token.role as Role) ?? "viewer";
      return session;
    },
    redirect({ url, baseUrl }) {
      return safeRedirect({ url, baseUrl });
    },
  },
  events: {
    async signOut({ token }) {
      if (token) await endSession(claimsOf(token as Record<string, unknown>));
    },
  },
  logger: {
    error(code, metadata) {
      // An ended session is an expected outcome, not an error: next-auth clears its cookie.
      const m = metadata as { name?: string; message?: string; error?: { name?: string } } | undefined;
      if (code === "JWT_SESSION_ERROR" && (m?.name === "SessionEnded" || m?.error?.name === "SessionEnded")) return;
      console.error(`[next-auth][error][${code}]`, describeAuthError(metadata));
    },
    warn(code) {
      console.warn(`[next-auth][warn][${code}]`);
    },
    debug() {},
  },
};

export type SessionWithRole = { user?: { name?: string | null }; role: Role; expires: string };

export interface SessionUser {
  name: string;
  role: Role;
}

/** The signed-in user with their current role, or null (no session, or one that was ended). */
export async function currentUser(): Promise<SessionUser | null> {
  const s = (await getServerSession(authOptions)) as SessionWithRole | null;
  if (!s?.user?.name) return null;
  return { name: s.user.name, role: s.role };
}

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(callbackPath = "/", permission: Permission = "read"): Promise<SessionUser> {
  const u = await currentUser();
  if (!u) redirect(`/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(callbackPath))}`);
  if (!roleCan(u.role, permission)) redirect("/?denied=1");
  return u;
}
