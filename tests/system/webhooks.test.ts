// Rollback webhooks end to end: the built server as a separate process, the demo sending real
// OTLP, and a real receiver on loopback. Each scenario can fail: nothing here is simulated.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startDemo } from "@/scripts/demo/run";
import { verify } from "@/lib/webhooks/sign";
import { startReceiver, waitFor, type Receiver } from "@/testkit/receiver";
import { startServerProcess, type ServerProcess } from "@/testkit/server-process";

// Short backoff caps keep the retry scenarios quick; the production defaults are in docs/webhooks.md.
const FAST_RETRIES = { QUANTLENS_WEBHOOK_MAX_DELAY_MS: "4000", QUANTLENS_EVAL_INTERVAL_MS: "2000" };
const AA_MINUTES = Number(process.env.QUANTLENS_AA_MINUTES ?? 3);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function api(s: ServerProcess, method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${s.key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function server(env: Record<string, string> = {}, reuse?: ServerProcess): Promise<ServerProcess> {
  const s = await startServerProcess({ env: { ...FAST_RETRIES, ...env }, ...(reuse ? { dataDir: reuse.dataDir, key: reuse.key, port: reuse.port } : {}) });
  cleanups.push(() => s.stop());
  return s;
}

async function endpoint(s: ServerProcess, r: Receiver, events?: string[]): Promise<{ id: string; secret: string }> {
  const res = await api(s, "POST", "/api/v1/webhooks", { url: r.url, allow_private: true, ...(events ? { events } : {}) });
  expect(res.status).toBe(201);
  expect(res.json.secret).toMatch(/^whsec_/);
  // The secret is shown once: listing never returns it.
  const list = await api(s, "GET", "/api/v1/webhooks");
  expect(JSON.stringify(list.json)).not.toContain(res.json.secret);
  return { id: res.json.endpoint.id, secret: res.json.secret };
}

function demo(s: ServerProcess, opts: { aa?: boolean; backfillMs?: number; rate?: number } = {}) {
  const d = startDemo({ url: s.url, key: s.key, rate: opts.rate ?? 60, seed: 3, aa: opts.aa, backfillMs: opts.backfillMs ?? 6 * 60_000, statsEveryMs: 0, log: () => undefined, texts: false });
  cleanups.push(() => d.stop());
  return d;
}

const events = (r: Receiver, event: string) => r.received.filter((x) => x.headers["quantlens-event"] === event);

describe("rollback webhooks", () => {
  it("the injected regression opens exactly one incident and sends one signed incident.opened", async () => {
    const r = await startReceiver();
    cleanups.push(() => r.close());
    const s = await server();
    const { secret } = await endpoint(s, r, ["incident.opened", "incident.resolved"]);
    demo(s);
    const first = await waitFor("incident.opened at the receiver", () => events(r, "incident.opened")[0], 120_000);
    // The signature verifies with the secret, over timestamp.body.
    expect(verify(secret, String(first.headers["quantlens-signature"]), Number(first.headers["quantlens-timestamp"]), first.body)).toBe(true);
    expect(verify("wrong", String(first.headers["quantlens-signature"]), Number(first.headers["quantlens-timestamp"]), first.body)).toBe(false);
    const payload = JSON.parse(first.body);
    expect(payload.schema).toBe("quantlens.webhook.v2");
    expect(payload.verdict.status).toBe("fail");
    expect(payload.verdict.worst_cell.value.split("×")).toContain("de");
    expect(payload.deployment).toBe("chat-assistant");
    expect(payload.manifests.canary.quant_format).toBe("W4A16");
    expect(payload.failing_checks.some((c: { value: string }) => c.value.split("×").includes("de"))).toBe(true);
    expect(payload.links.slice).toMatch(/\/deployments\/chat-assistant\/slices\//);
    expect(first.headers["idempotency-key"]).toBe(payload.idempotency_key);
    // Keep evaluating for a while: still one incident and one delivery.
    await new Promise((res) => setTimeout(res, 15_000));
    const opened = events(r, "incident.opened");
    if (opened.length !== 1) console.log(opened.map((o) => ({ at: o.at, delivery: o.headers["quantlens-delivery"], incident: JSON.parse(o.body).incident })), s.log().slice(-4000));
    expect(opened).toHaveLength(1);
    const incidents = await api(s, "GET", "/api/v1/incidents?deployment=chat-assistant");
    expect(incidents.json.incidents).toHaveLength(1);
    expect(incidents.json.incidents[0].status).toBe("open");
    const timeline = await api(s, "GET", `/api/v1/incidents/${incidents.json.incidents[0].id}`);
    expect(timeline.json.deliveries).toHaveLength(1);
    expect(timeline.json.deliveries[0].state).toBe("delivered");
    expect(timeline.json.verdicts.some((v: { status: string }) => v.status === "fail")).toBe(true);
  });

  it("a delivery survives the receiver being down for 30 s", async () => {
    const r = await startReceiver();
    cleanups.push(() => r.close());
    await r.close(); // down: connections are refused
    const s = await server();
    const { id } = await endpoint(s, r, ["test"]);
    const sent = await api(s, "POST", `/api/v1/webhooks/${id}/test`);
    expect(sent.status).toBe(202);
    await new Promise((res) => setTimeout(res, 30_000));
    const during = await api(s, "GET", "/api/v1/deliveries");
    const d = during.json.deliveries[0];
    expect(d.state).toBe("pending");
    expect(d.attempts).toBeGreaterThanOrEqual(3);
    expect(d.attempts_log[0].error).toMatch(/ECONNREFUSED|fetch failed/);
    await r.reopen();
    const got = await waitFor("the delivery after the receiver is back", () => r.received[0], 30_000);
    expect(got.headers["quantlens-delivery"]).toBe(d.id);
    await waitFor("delivered state", async () => (await api(s, "GET", "/api/v1/deliveries")).json.deliveries[0].state === "delivered" || undefined, 10_000);
  });

  it("kill -9 during the retries: after a restart the delivery arrives with the same ids", async () => {
    const r = await startReceiver();
    cleanups.push(() => r.close());
    r.respond = () => 503;
    let s = await server();
    const { id } = await endpoint(s, r, ["test"]);
    await api(s, "POST", `/api/v1/webhooks/${id}/test`);
    await waitFor("two failed attempts", () => r.received.length >= 2 || undefined, 30_000);
    await s.kill9();
    const before = r.received.map((x) => [x.headers["quantlens-delivery"], x.headers["idempotency-key"]]);
    r.respond = () => 200;
    s = await server({}, s);
    const after = await waitFor("a delivery after the restart", () => r.received.slice(before.length).find((x) => x.headers["quantlens-event"] === "test"), 60_000);
    expect(after.headers["quantlens-delivery"]).toBe(before[0][0]);
    expect(after.headers["idempotency-key"]).toBe(before[0][1]);
    await waitFor("delivered state", async () => (await api(s, "GET", "/api/v1/deliveries")).json.deliveries[0]?.state === "delivered" || undefined, 10_000);
  });

  it("a 410 stops the retries and the log says why", async () => {
    const r = await startReceiver();
    cleanups.push(() => r.close());
    r.respond = () => 410;
    const s = await server();
    const { id } = await endpoint(s, r, ["test"]);
    await api(s, "POST", `/api/v1/webhooks/${id}/test`);
    const dead = await waitFor("dead letter", async () => {
      const d = (await api(s, "GET", "/api/v1/deliveries")).json.deliveries[0];
      return d?.state === "dead" ? d : undefined;
    }, 20_000);
    expect(dead.attempts).toBe(1);
    expect(dead.last_status).toBe(410);
    expect(dead.last_error).toMatch(/HTTP 410.*not retried/);
    await new Promise((res) => setTimeout(res, 6_000));
    expect(r.received).toHaveLength(1);
  });

  it(`an A/A canary running for ${AA_MINUTES} minutes sends no webhook`, async () => {
    const r = await startReceiver();
    cleanups.push(() => r.close());
    const s = await server();
    await endpoint(s, r, ["incident.opened"]);
    demo(s, { aa: true });
    await new Promise((res) => setTimeout(res, AA_MINUTES * 60_000));
    const incidents = await api(s, "GET", "/api/v1/incidents");
    // On failure, say which check fired and why: a false incident needs its evidence to be fixed.
    const health = await (await fetch(`${s.url}/api/health`)).json();
    const why = JSON.stringify({
      incidents: incidents.json.incidents.map((i: { reason: string; evidence: string }) => ({ reason: i.reason, evidence: String(i.evidence).slice(0, 3000) })),
      refusedForCapacity: health.ingest?.refused,
    });
    expect(r.received, why).toHaveLength(0);
    expect(incidents.json.incidents, why).toHaveLength(0);
    // The evaluator judged it all along: the persisted verdict is recent and has judged pairs.
    const v = await api(s, "GET", "/api/v1/deployments/chat-assistant/verdict");
    expect(v.status).toBe(200);
    expect(v.json.reason.code, why).not.toBe("not_evaluated");
    expect(Date.now() - Date.parse(v.json.evaluatedAt)).toBeLessThan(60_000);
    expect(v.json.cells.find((c: { dimension: string }) => c.dimension === "").n.arms).toBeGreaterThan(1000);
    expect(v.json.status).not.toBe("fail");
  }, (AA_MINUTES + 3) * 60_000);
});
