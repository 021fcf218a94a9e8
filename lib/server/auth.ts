// next-auth configuration: credentials (users in ClickHouse), and OIDC when configured.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { roleCan, type Permission, type Role } from "@/lib/auth/roles";
import { runtime } from "./runtime";
import { checkCredentials } from "./users";
import { RateLimiter } from "@/lib/auth/rate-limit";

// Password guessing: 10 failed attempts per username and 30 per client address, refilled over
// 5 minutes; successful sign-ins do not count.
const perUser = new RateLimiter(10 / 300, 10);
const perClient = new RateLimiter(30 / 300, 30);

function oidcProvider(): NextAuthOptions["providers"] {
  const issuer = process.env.QUANTLENS_OIDC_ISSUER;
  if (!issuer) return [];
  const defaultRole = (process.env.QUANTLENS_OIDC_ROLE as Role) || "viewer";
  return [
    {
      id: "oidc",
      name: process.env.QUANTLENS_OIDC_NAME || "Single sign-on",
      type: "oauth",
      wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: process.env.QUANTLENS_OIDC_CLIENT_ID,
      clientSecret: process.env.QUANTLENS_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(p: { sub: string; email?: string; name?: string }) {
        return { id: p.sub, name: p.email ?? p.name ?? p.sub, role: defaultRole };
      },
    },
  ];
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 3600 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Quantlens",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        await runtime();
        const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
        const client = headers["x-forwarded-for"]?.split(",")[0]?.trim() || headers["x-real-ip"] || "local";
        const userKey = `u:${credentials?.username ?? ""}`;
        const clientKey = `c:${client}`;
        if (perUser.peek(userKey) > 0 || perClient.peek(clientKey) > 0) {
          throw new Error("Too many sign-in attempts; wait a few minutes");
        }
        const user = await checkCredentials(credentials?.username ?? "", credentials?.password ?? "");
        if (!user) {
          perUser.take(userKey);
          perClient.take(clientKey);
        }
        return user ? { id: user.username, name: user.username, role: user.role } : null;
      },
    }),
    ...oidcProvider(),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.role = (user as { role?: Role }).role ?? "viewer";
      return token;
    },
    session({ session, token }) {
      (session as SessionWithRole).role = (token.role as Role) ?? "viewer";
      return session;
    },
  },
};

export type SessionWithRole = { user?: { name?: string | null }; role: Role; expires: string };

export interface SessionUser {
  name: string;
  role: Role;
}

export async function currentUser(): Promise<SessionUser | null> {
  const s = (await getServerSession(authOptions)) as SessionWithRole | null;
  if (!s?.user?.name) return null;
  return { name: s.user.name, role: s.role };
}

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(callbackPath = "/", permission: Permission = "read"): Promise<SessionUser> {
  const u = await currentUser();
  if (!u) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  if (!roleCan(u.role, permission)) redirect("/?denied=1");
  return u;
}
