// What to do after a delivery attempt: done, retry later (exponential backoff with full
// jitter, honouring Retry-After), or stop (dead letter).

export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  /** Total time from the first attempt after which the delivery goes to dead letter. */
  windowMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1_000, maxDelayMs: 60_000, windowMs: 6 * 3_600_000 };

export type AttemptOutcome = { status: number; retryAfter?: string | null } | { error: string };

export type Decision =
  | { kind: "delivered" }
  | { kind: "retry"; delayMs: number; reason: string }
  | { kind: "dead"; reason: string };

/** Retry-After as seconds or an HTTP date → milliseconds from now (capped), or null. */
export function retryAfterMs(value: string | null | undefined, now: number, cap: number): number | null {
  if (!value) return null;
  const secs = Number(value);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, cap) : null;
}

export function retryDecision(
  outcome: AttemptOutcome,
  attempt: number, // 1 for the first attempt
  firstAttemptAt: number,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
): Decision {
  let reason: string;
  let floorMs = 0;
  if ("error" in outcome) reason = `network error: ${outcome.error}`;
  else if (outcome.status >= 200 && outcome.status < 300) return { kind: "delivered" };
  else if (outcome.status === 408 || outcome.status === 429 || outcome.status >= 500) {
    reason = `HTTP ${outcome.status}`;
    floorMs = retryAfterMs(outcome.retryAfter, now, policy.maxDelayMs * 10) ?? 0;
  } else return { kind: "dead", reason: `HTTP ${outcome.status}: the receiver refused the delivery; not retried` };
  const backoff = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.min(30, attempt - 1));
  const delayMs = Math.max(floorMs, Math.round(random() * backoff));
  if (now + delayMs - firstAttemptAt > policy.windowMs) {
    return { kind: "dead", reason: `${reason}; gave up after ${attempt} attempts over ${Math.round((now - firstAttemptAt) / 1000)} s` };
  }
  return { kind: "retry", delayMs, reason };
}
