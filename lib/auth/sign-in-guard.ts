// Password-guessing limits for sign-in, bounded in memory whatever is typed.
//
// Per username: the first `freeFailures` failures cost nothing; after that each attempt must
// wait `baseDelayMs · 2^(failures − freeFailures)` (capped at `maxDelayMs`) after the previous
// failure. An attempt inside the wait is refused without looking at the password; the first
// attempt after it is checked normally, and a correct password clears the count. So a user
// under attack is never locked out for longer than the cap, and a guesser gets one try per
// cap-interval (2 a minute with the defaults) per username. Counts are forgotten after
// `forgetAfterMs` without failures.
//
// Per client address: a token bucket of attempts (`clientBurst`, refilled at `clientRate`/s);
// a successful sign-in gives its token back. The address is the socket's peer (or the client
// named by a trusted proxy), so one client guessing cannot lock out another.
//
// Attempts count when they start, not when they fail: parallel guesses cannot all slip in
// before the first failure is recorded. Usernames are kept only as a hash (fixed length), and
// ones longer than MAX_USERNAME_LENGTH are refused before anything is stored or looked up.
import crypto from "node:crypto";
import { RateLimiter } from "@/lib/rate-limit";

export const MAX_USERNAME_LENGTH = 256;

export interface SignInGuardOptions {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
  maxUsers: number;
  clientRate: number;
  clientBurst: number;
  maxClients: number;
}

export const DEFAULT_GUARD_OPTIONS: SignInGuardOptions = {
  freeFailures: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 30_000,
  forgetAfterMs: 15 * 60_000,
  maxUsers: 50_000,
  // 30 attempts per client, refilled over 5 minutes.
  clientRate: 30 / 300,
  clientBurst: 30,
  maxClients: 50_000,
};

export type Admission =
  | { ok: true }
  | { ok: false; reason: "too-long" }
  | { ok: false; reason: "user" | "client"; retryAfterSeconds: number };

interface UserState {
  failures: number;
  last: number;
}

/** A fixed-length key for a username: 128 bits of its SHA-256. */
export function usernameKey(username: string): string {
  return crypto.createHash("sha256").update(username, "utf8").digest("base64url").slice(0, 22);
}

export class SignInGuard {
  private readonly users = new Map<string, UserState>();
  private readonly clients: RateLimiter;
  readonly options: SignInGuardOptions;

  constructor(options: Partial<SignInGuardOptions> = {}) {
    this.options = { ...DEFAULT_GUARD_OPTIONS, ...options };
    this.clients = new RateLimiter(this.options.clientRate, this.options.clientBurst, this.options.maxClients);
  }

  /** Milliseconds a username must wait after its last failure, given its failure count. */
  delayMs(failures: number): number {
    const o = this.options;
    if (failures < o.freeFailures) return 0;
    return Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(30, failures - o.freeFailures));
  }

  private clientKey(client: string | null): string {
    // Addresses are short, but the key is bounded whatever a caller passes.
    return client ? `c:${client.length <= 64 ? client : usernameKey(client)}` : "c:?";
  }

  /** Whether an attempt may check a password now; an admitted attempt counts as a failure until `succeeded`. */
  admit(username: string, client: string | null, now = Date.now()): Admission {
    if (username.length > MAX_USERNAME_LENGTH) return { ok: false, reason: "too-long" };
    const key = usernameKey(username);
    let state = this.users.get(key);
    if (state && now - state.last > this.options.forgetAfterMs) {
      this.users.delete(key);
      state = undefined;
    }
    if (state) {
      const wait = state.last + this.delayMs(state.failures) - now;
      if (wait > 0) return { ok: false, reason: "user", retryAfterSeconds: Math.ceil(wait / 1000) };
    }
    const clientWait = this.clients.take(this.clientKey(client), now);
    if (clientWait > 0) return { ok: false, reason: "client", retryAfterSeconds: clientWait };
    const next = { failures: (state?.failures ?? 0) + 1, last: now };
    this.users.delete(key);
    if (this.users.size >= this.options.maxUsers) this.users.delete(this.users.keys().next().value as string);
    this.users.set(key, next);
    return { ok: true };
  }

  /** A correct password: the username's count is cleared and the client's token given back. */
  succeeded(username: string, client: string | null): void {
    this.users.delete(usernameKey(username));
    this.clients.refund(this.clientKey(client));
  }

  /** What is held in memory, for tests and health checks. */
  stats(): { users: number; clients: number; longestKey: number } {
    let longest = 0;
    for (const k of this.users.keys()) longest = Math.max(longest, k.length);
    for (const k of this.clients.keys()) longest = Math.max(longest, k.length);
    return { users: this.users.size, clients: this.clients.size, longestKey: longest };
  }
}
