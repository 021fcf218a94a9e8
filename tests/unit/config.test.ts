// The configuration is the whole environment parsed once: defaults when unset, and every bad
// variable named in one message (the server prints it and stops before anything starts).
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "@/server/runtime/config";

function problems(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("readConfig", () => {
  it("fills the documented defaults from an empty environment", () => {
    const c = readConfig({});
    expect(c.ingest).toEqual({ maxBodyBytes: 16 * 1024 * 1024, targetLatencyMs: 4000, requestsPerSecondPerKey: 2000, batchRows: expect.any(Number), lingerMs: expect.any(Number), maxQueuedRows: 60_000 });
    expect(c.evaluator.intervalMs).toBe(1000);
    expect(c.background).toBe(true);
    expect(c.publicUrl).toBe("http://localhost:3000");
    expect(c.db.url).toBeNull();
    expect(c.db.rawTtlDays).toBe(30);
    expect(c.firstAdmin.passwordFile).toMatch(/\.quantlens-admin-password$/);
  });

  it("reads what is set: URLs without a trailing slash, the secret's fallback, the OIDC variables", () => {
    const c = readConfig({ NEXTAUTH_URL: "https://q.example.com/", NEXTAUTH_SECRET: "s", QUANTLENS_INGEST_RPS: "50", QUANTLENS_BACKGROUND: "0", QUANTLENS_OIDC_ISSUER: "https://idp", OTHER: "x" });
    expect(c.publicUrl).toBe("https://q.example.com");
    expect(c.siteUrl).toBe("https://q.example.com/");
    expect(c.secretKeyMaterial).toBe("s");
    expect(c.ingest.requestsPerSecondPerKey).toBe(50);
    expect(c.background).toBe(false);
    expect(c.oidcEnv).toEqual({ QUANTLENS_OIDC_ISSUER: "https://idp" });
  });

  it("names every bad variable at once, the database's included", () => {
    const p = problems({ QUANTLENS_INGEST_RPS: "lots", QUANTLENS_EVAL_INTERVAL_MS: "1.5", QUANTLENS_PUBLIC_URL: "ftp://x", QUANTLENS_BACKGROUND: "yes", CLICKHOUSE_DATABASE: "a-b", QUANTLENS_RAW_TTL_DAYS: "0" });
    // Five: the database settings (clickhouse/config.ts) stop at their first problem.
    expect(p).toHaveLength(5);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^QUANTLENS_INGEST_RPS must be a whole number from 1 to .*; got "lots"$/),
        expect.stringMatching(/^QUANTLENS_EVAL_INTERVAL_MS must be a whole number/),
        "QUANTLENS_PUBLIC_URL must be an http(s) URL",
        "QUANTLENS_BACKGROUND must be 0 or 1",
        expect.stringMatching(/^CLICKHOUSE_DATABASE must be an identifier/),
      ]),
    );
  });
});
