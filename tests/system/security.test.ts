// Security properties of the running server: secrets never reach the logs, cookies are Secure
// behind TLS, revocation takes effect at once, and hostile names come back as data everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "@/testkit/session";
import { startReceiver, type Receiver } from "@/testkit/receiver";
import { startServerProcess, type ServerProcess } from "@/testkit/server-process";

const HOSTILE_DEPLOYMENT = `x'); DROP TABLE inference_events; -- <img src=x onerror=alert(1)>`;
const HOSTILE_SLICE = `' OR 1=1 -- {d:String} ${"${x}"}`;

let s: ServerProcess;
let r: Receiver;
const secrets: string[] = [];

async function api(path: string, init: RequestInit & { key?: string } = {}) {
  const res = await fetch(`${s.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${init.key ?? s.key}`, "content-type": "application/json", ...(init.headers as Record<string, string>) },
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  s = await startServerProcess();
  r = await startReceiver();
});
afterAll(async () => {
  await s?.stop();
  await r?.close();
});

describe("hostile names are data", () => {
  it("round-trips a deployment name and slice value full of SQL and HTML through ingest and every read API", async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const span = (arm: string, i: number) => ({
      resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: HOSTILE_DEPLOYMENT } }, { key: "quantlens.arm", value: { stringValue: arm } }] },
      scopeSpans: [{ spans: [{ traceId: "5b8efff798038103d269b633813fc60c", spanId: (i + 1).toString(16).padStart(16, "0"), name: "inference", startTimeUnixNano: String(now - 1_000_000_000n), endTimeUnixNano: String(now - 800_000_000n), attributes: [{ key: "quantlens.request.id", value: { stringValue: "r1" } }, { key: "quantlens.slice.language", value: { stringValue: HOSTILE_SLICE } }] }] }],
    });
    const ingest = await api("/v1/traces", { method: "POST", body: JSON.stringify({ resourceSpans: [span("baseline", 1), span("canary", 2)] }) });
    expect(ingest.status).toBe(200);
    const list = await api("/api/v1/deployments");
    expect(list.json.deployments.map((d: { deployment: string }) => d.deployment)).toContain(HOSTILE_DEPLOYMENT);
    const enc = encodeURIComponent(HOSTILE_DEPLOYMENT);
    const verdict = await api(`/api/v1/deployments/${enc}/verdict?from=${encodeURIComponent("1h")}`);
    expect(verdict.status).toBe(200);
    expect(verdict.json.deployment).toBe(HOSTILE_DEPLOYMENT);
    // The two arms pair on the request id; the evaluator judges the pair within a round or two.
    await expect
      .poll(async () => (await api(`/api/v1/deployments/${enc}/comparison?dimension=language`)).json.cells.map((c: { value: string }) => c.value), { timeout: 60_000, interval: 500 })
      .toContain(HOSTILE_SLICE);
    for (const path of [`/api/v1/incidents?deployment=${enc}`, `/api/v1/deliveries?deployment=${enc}`, `/api/v1/policies?deployment=${enc}`, `/api/v1/audit?target=${enc}`]) {
      expect((await api(path)).status, path).toBe(200);
    }
    // Still there: nothing was dropped.
    expect((await api(`/api/v1/deployments/${enc}/verdict`)).status).toBe(200);
  });

  it("rejects hostile time ranges and dimensions with a 400 that names the parameter", async () => {
    const enc = encodeURIComponent(HOSTILE_DEPLOYMENT);
    expect((await api(`/api/v1/deployments/${enc}/comparison?from=${encodeURIComponent("1' OR '1'='1")}`)).json.error).toMatch(/^from must be/);
    expect((await api(`/api/v1/deployments/${enc}/comparison?dimension=${encodeURIComponent("language) OR (1=1")}`)).json.error).toMatch(/^dimension must be/);
    expect((await api(`/api/v1/policies/diff?from=${encodeURIComponent("1;DROP")}&to=1`)).json.error).toMatch(/^from must be a policy version/);
  });
});

describe("keys", () => {
  it("revocation takes effect at once, for ingest and for reads", async () => {
    const signedIn = await signIn(s.url, "admin", "process-admin-password-1");
    const created = await fetch(`${s.url}/api/v1/keys`, { method: "POST", headers: { cookie: signedIn, "content-type": "application/json" }, body: JSON.stringify({ name: "short-lived", scopes: "ingest,read" }) });
    expect(created.status).toBe(201);
    const { id, key } = await created.json();
    secrets.push(key);
    expect((await api("/api/v1/deployments", { key })).status).toBe(200);
    const revoke = await fetch(`${s.url}/api/v1/keys/${id}`, { method: "DELETE", headers: { cookie: signedIn } });
    expect(revoke.status).toBe(200);
    expect((await api("/api/v1/deployments", { key })).status).toBe(401);
    expect((await api("/v1/traces", { key, method: "POST", body: "{}" })).status).toBe(401);
    // Keys cannot manage keys: that is an admin's, by session.
    expect((await api("/api/v1/keys")).status).toBe(403);
  });
});

describe("secrets and sessions", () => {
  it("never writes keys, webhook secrets or passwords to the server log", async () => {
    const hook = await api("/api/v1/webhooks", { method: "POST", body: JSON.stringify({ url: r.url, allow_private: true, events: ["test"], headers: { "X-Token": "header-secret-value-123" } }) });
    expect(hook.status).toBe(201);
    secrets.push(hook.json.secret, "header-secret-value-123", s.key, "process-admin-password-1");
    await api(`/api/v1/webhooks/${hook.json.endpoint.id}/test`, { method: "POST" });
    await fetch(`${s.url}/api/auth/csrf`);
    await signIn(s.url, "admin", "process-admin-password-1");
    await signIn(s.url, "admin", "wrong-password-xyz").catch(() => undefined);
    await new Promise((res) => setTimeout(res, 2_000));
    const log = s.log();
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [...secrets, "wrong-password-xyz"]) expect(log.includes(secret), `log contains a secret (${secret.slice(0, 6)}…)`).toBe(false);
  });

  it("behind TLS (an https NEXTAUTH_URL) the session cookies are Secure", async () => {
    const tls = await startServerProcess({ env: { NEXTAUTH_URL: "https://quantlens.example.com" } });
    try {
      const res = await fetch(`${tls.url}/api/auth/csrf`);
      const cookies = res.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThan(0);
      for (const c of cookies) {
        expect(c).toMatch(/;\s*Secure/i);
        expect(c).toMatch(/;\s*HttpOnly/i);
      }
      expect(cookies.some((c) => c.startsWith("__Host-next-auth.csrf-token"))).toBe(true);
    } finally {
      await tls.stop();
    }
  });

  it("limits password guessing", async () => {
    const statuses: string[] = [];
    for (let i = 0; i < 14; i++) {
      const csrf = await fetch(`${s.url}/api/auth/csrf`);
      const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const { csrfToken } = await csrf.json();
      const res = await fetch(`${s.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ csrfToken, username: "victim", password: `guess-${i}`, json: "true" }),
      });
      // next-auth answers the credentials callback with {url} whose error names the reason.
      const body = await res.text();
      statuses.push(decodeURIComponent(`${res.headers.get("location") ?? ""} ${body}`));
    }
    expect(statuses.slice(0, 5).some((l) => /Too many/.test(l))).toBe(false);
    expect(statuses.slice(-2).every((l) => /Too many sign-in attempts/.test(l)), statuses.slice(-2).join(" | ")).toBe(true);
  });
});
