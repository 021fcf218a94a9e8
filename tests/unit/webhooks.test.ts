import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { openSecret as open, sealSecret as seal } from "@/server/services/secrets";
import { deliveryId, idempotencyKey, incidentId } from "@/lib/webhooks/payload";
import { retryDecision, retryAfterMs } from "@/lib/webhooks/retry";
import { sign, signatureHeader, verify } from "@/lib/webhooks/sign";

describe("signatures", () => {
  it("is HMAC-SHA256 of timestamp.body, as the openssl one-liner in docs/webhooks.md computes it", () => {
    const out = execFileSync("openssl", ["dgst", "-sha256", "-hmac", "whsec_test"], { input: '1700000000.{"a":1}' }).toString();
    const expected = out.trim().split(/\s+/).at(-1);
    expect(sign("whsec_test", 1700000000, '{"a":1}')).toBe(`sha256=${expected}`);
  });
  it("verifies with either secret during rotation, and rejects tampering and stale timestamps", () => {
    const header = signatureHeader(["new-secret", "old-secret"], 1700000000, "body");
    expect(verify("new-secret", header, 1700000000, "body", { now: 1700000010 })).toBe(true);
    expect(verify("old-secret", header, 1700000000, "body", { now: 1700000010 })).toBe(true);
    expect(verify("other", header, 1700000000, "body", { now: 1700000010 })).toBe(false);
    expect(verify("new-secret", header, 1700000000, "body!", { now: 1700000010 })).toBe(false);
    expect(verify("new-secret", header, 1700000000, "body", { now: 1700009999 })).toBe(false);
  });
});

describe("retries", () => {
  const t0 = 1_000_000;
  const fixed = () => 0.5;
  it("delivers on 2xx and stops on other 4xx (a 410 is final)", () => {
    expect(retryDecision({ status: 204 }, 1, t0, t0)).toEqual({ kind: "delivered" });
    const d = retryDecision({ status: 410 }, 1, t0, t0);
    expect(d.kind).toBe("dead");
    expect((d as { reason: string }).reason).toMatch(/HTTP 410/);
  });
  it("retries network errors, 5xx, 408 and 429 with exponential backoff and jitter", () => {
    for (const o of [{ error: "ECONNREFUSED" }, { status: 503 }, { status: 408 }, { status: 429 }]) {
      expect(retryDecision(o, 1, t0, t0, undefined, fixed).kind).toBe("retry");
    }
    const delays = [1, 2, 3, 4, 5].map((n) => (retryDecision({ status: 500 }, n, t0, t0, undefined, () => 0.999) as { delayMs: number }).delayMs);
    expect(delays).toEqual([999, 1998, 3996, 7992, 15984]);
  });
  it("honours Retry-After as a floor", () => {
    const d = retryDecision({ status: 429, retryAfter: "7" }, 1, t0, t0, undefined, fixed) as { delayMs: number };
    expect(d.delayMs).toBe(7000);
    expect(retryAfterMs(new Date(t0 + 3000).toUTCString(), t0, 60_000)).toBeGreaterThan(1000);
  });
  it("dead-letters once the retry window is spent", () => {
    const d = retryDecision({ status: 500 }, 20, t0, t0 + 6 * 3_600_000, undefined, fixed);
    expect(d.kind).toBe("dead");
    expect((d as { reason: string }).reason).toMatch(/gave up after 20 attempts/);
  });
});

// The SSRF rules are tested in tests/unit/ssrf.test.ts.

describe("ids and secrets", () => {
  it("derives deterministic incident, idempotency and delivery ids", () => {
    expect(incidentId("chat", 1)).toBe(incidentId("chat", 1));
    expect(incidentId("chat", 1)).not.toBe(incidentId("chat", 2));
    const key = idempotencyKey({ incidentId: "inc_1", event: "incident.opened" });
    expect(key).toBe(idempotencyKey({ incidentId: "inc_1", event: "incident.opened" }));
    expect(deliveryId(key, "wh_a")).not.toBe(deliveryId(key, "wh_b"));
  });
  it("seals and opens secrets, and detects tampering", () => {
    process.env.QUANTLENS_SECRET_KEY = "unit-test-key";
    const sealed = seal("whsec_abc");
    expect(sealed).not.toContain("whsec_abc");
    expect(open(sealed)).toBe("whsec_abc");
    const parts = sealed.split(".");
    parts[2] = Buffer.from("tampered").toString("base64url");
    expect(() => open(parts.join("."))).toThrow();
  });
});
