// Issue 11 items 5 and 6: sign-in limits bounded in memory whatever is typed; one client cannot
// lock out another; a user under attack is delayed, never locked out past the cap.
import { describe, expect, it } from "vitest";
import { MAX_USERNAME_LENGTH, SignInGuard, usernameKey } from "@/lib/auth/sign-in-guard";

const T0 = 1_700_000_000_000;

describe("memory", () => {
  it("stores nothing for absurd usernames, and only fixed-length keys for the rest", () => {
    const g = new SignInGuard();
    const huge = "u".repeat(5 * 1024 * 1024);
    for (let i = 0; i < 10; i++) expect(g.admit(huge + i, "192.0.2.1", T0)).toEqual({ ok: false, reason: "too-long" });
    expect(g.stats()).toEqual({ users: 0, clients: 0, longestKey: 0 });
    for (let i = 0; i < 1000; i++) g.admit(`${"x".repeat(MAX_USERNAME_LENGTH - 6)}${i}`, `10.0.${i >> 8}.${i & 255}`, T0 + i * 1000);
    const s = g.stats();
    expect(s.users).toBe(1000);
    expect(s.longestKey).toBeLessThanOrEqual(24);
    expect(usernameKey(huge)).toHaveLength(22);
  });

  it("is bounded in the number of usernames and clients", () => {
    const g = new SignInGuard({ maxUsers: 100, maxClients: 50 });
    for (let i = 0; i < 1000; i++) g.admit(`user${i}`, `c${i}`, T0 + i);
    expect(g.stats().users).toBeLessThanOrEqual(100);
    expect(g.stats().clients).toBeLessThanOrEqual(50);
  });
});

describe("per client", () => {
  it("a client that guesses 31 times is refused; another client is not", () => {
    const g = new SignInGuard();
    const outcomes = Array.from({ length: 31 }, (_, i) => g.admit(`random-${i}`, "198.51.100.1", T0 + i));
    expect(outcomes.slice(0, 30).every((o) => o.ok)).toBe(true);
    expect(outcomes[30]).toMatchObject({ ok: false, reason: "client" });
    expect(g.admit("admin", "198.51.100.2", T0 + 40)).toEqual({ ok: true });
  });

  it("a successful sign-in gives its token back", () => {
    const g = new SignInGuard({ clientBurst: 2, clientRate: 0.0001 });
    for (let i = 0; i < 10; i++) {
      expect(g.admit(`u${i}`, "c", T0)).toEqual({ ok: true });
      g.succeeded(`u${i}`, "c");
    }
  });
});

describe("per user", () => {
  it("5 free failures, then waits that double from 2 s up to 30 s", () => {
    const g = new SignInGuard();
    expect([0, 4, 5, 6, 7, 8, 9, 10, 50].map((f) => g.delayMs(f))).toEqual([0, 0, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it("refuses inside the wait without counting, and admits the correct password after it, which clears the count", () => {
    const g = new SignInGuard();
    let t = T0;
    for (let i = 0; i < 5; i++) expect(g.admit("alice", `10.0.0.${i}`, (t += 10))).toEqual({ ok: true });
    const lastFailure = t;
    // Another address changes nothing: the wait is the username's.
    expect(g.admit("alice", "10.9.9.9", lastFailure + 10)).toEqual({ ok: false, reason: "user", retryAfterSeconds: 2 });
    expect(g.admit("alice", "10.9.9.9", lastFailure + 1_999)).toMatchObject({ ok: false, reason: "user" });
    t = lastFailure + 2_000;
    expect(g.admit("alice", "10.9.9.9", t)).toEqual({ ok: true });
    g.succeeded("alice", "10.9.9.9");
    expect(g.admit("alice", "10.9.9.9", t + 1)).toEqual({ ok: true });
  });

  it("under a guesser that never stops, each wait is at most the cap: the owner always gets a turn", () => {
    const g = new SignInGuard();
    let t = T0;
    let longest = 0;
    let lastAdmitted = t;
    // The guesser tries every 100 ms for 10 minutes; nothing succeeds.
    for (let i = 0; i < 6_000; i++, t += 100) {
      const a = g.admit("bob", `203.0.113.${i % 200}`, t);
      if (a.ok) {
        longest = Math.max(longest, t - lastAdmitted);
        lastAdmitted = t;
      }
    }
    expect(longest).toBeLessThanOrEqual(30_100);
    expect(longest).toBeGreaterThanOrEqual(30_000);
  });

  it("parallel attempts count when they start, not when they fail", () => {
    const g = new SignInGuard();
    const results = Array.from({ length: 20 }, () => g.admit("carol", null, T0));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });

  it("forgets failures after a quiet period", () => {
    const g = new SignInGuard();
    for (let i = 0; i < 8; i++) g.admit("dave", null, T0);
    expect(g.admit("dave", null, T0 + 1_000).ok).toBe(false);
    expect(g.admit("dave", null, T0 + 16 * 60_000)).toEqual({ ok: true });
  });
});
