// Sign-in: the credentials check behind next-auth, with the per-user and per-client limits, and
// the client address those limits count against.
import { MAX_PASSWORD_LENGTH, validatePassword } from "@/lib/auth/passwords";
import { RateLimitedError, ValidationError } from "@/lib/errors";
import type { Role } from "@/lib/auth/roles";
import { MAX_USERNAME_LENGTH, SignInGuard } from "@/lib/auth/sign-in-guard";
import { clientAddress, peerAddress, TrustedProxies } from "@/server/http/client-address";
import { config } from "@/server/runtime/config";
import { singleton } from "@/server/runtime/process-state";
import { changeOwnPassword, checkCredentials } from "./users";

interface SignInHolder {
  guard: SignInGuard;
  trusted?: TrustedProxies;
  trustedFrom?: string;
  warnedNoPeer?: boolean;
}
// One guard per process, shared by the Next.js bundles.
const signIn = () => singleton<SignInHolder>("sign-in", () => ({ guard: new SignInGuard() }));

function trustedProxies(): TrustedProxies {
  const text = config().trustedProxies;
  const holder = signIn();
  if (!holder.trusted || holder.trustedFrom !== text) {
    holder.trusted = new TrustedProxies(text);
    holder.trustedFrom = text;
    if (holder.trusted.errors.length) console.error(`[auth] QUANTLENS_TRUSTED_PROXIES: ignored entries that are not addresses or CIDRs: ${holder.trusted.errors.join(", ")}`);
  }
  return holder.trusted;
}

/** The sign-in guard of this process (tests inspect it). */
export function signInGuard(): SignInGuard {
  return signIn().guard;
}

export class SignInRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignInRefused";
  }
}

export type HeaderBag = Record<string, string | string[] | undefined>;

/** The address sign-in attempts are counted against, from the request's headers. */
export function signInClient(headers: HeaderBag): string | null {
  const xff = headers["x-forwarded-for"];
  const client = clientAddress(peerAddress(headers), Array.isArray(xff) ? xff.join(",") : xff, trustedProxies());
  if (!client && !signIn().warnedNoPeer) {
    signIn().warnedNoPeer = true;
    console.warn("[auth] the socket address of a sign-in request was not captured; such requests share one rate-limit bucket");
  }
  return client;
}

/**
 * The credentials check behind next-auth's authorize(): refuses absurd input before any work,
 * then the per-user and per-client limits, then the password. Null for a wrong password;
 * throws SignInRefused (its message reaches the form) when the limits say wait.
 */
export async function authorizeCredentials(
  credentials: Record<string, unknown> | undefined,
  headers: HeaderBag,
  guard: SignInGuard = signInGuard(),
): Promise<{ id: string; name: string; role: Role; sv: number } | null> {
  const username = credentials?.username;
  const password = credentials?.password;
  if (typeof username !== "string" || typeof password !== "string") return null;
  // Nothing is stored or looked up for input no user could have.
  if (username.length === 0 || username.length > MAX_USERNAME_LENGTH || password.length > MAX_PASSWORD_LENGTH) return null;
  const client = signInClient(headers);
  const admission = guard.admit(username, client);
  if (!admission.ok) {
    if (admission.reason === "too-long") return null;
    throw new SignInRefused(`Too many sign-in attempts; wait ${admission.retryAfterSeconds} s`);
  }
  const user = await checkCredentials(username, password);
  if (!user) return null;
  guard.succeeded(username, client);
  return { id: user.username, name: user.username, role: user.role, sv: user.sessionVersion };
}

/**
 * Self-service password change by the signed-in user: counted like a sign-in attempt against the
 * user's limit (the "client" is the session's user), then the current password is checked.
 */
export async function changePasswordSignedIn(username: string, current: string, next: string): Promise<void> {
  const problem = validatePassword(next);
  if (problem) throw new ValidationError(problem);
  if (next === current) throw new ValidationError("the new password must differ from the current one");
  const guard = signInGuard();
  const client = `session:${username}`;
  const admission = guard.admit(username, client);
  if (!admission.ok) {
    if (admission.reason === "too-long") throw new RateLimitedError("invalid user", 1);
    throw new RateLimitedError(`too many attempts; wait ${admission.retryAfterSeconds} s`, admission.retryAfterSeconds);
  }
  await changeOwnPassword(username, current, next);
  guard.succeeded(username, client);
}
