// The JSON API against the real built server with demo traffic (the injected regression is on).
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E } from "../../playwright.config";

const auth = { Authorization: `Bearer ${E2E.key}` };

/** The verdict once the demo's backfill has landed (specs may run before it has). */
async function failingVerdict(request: APIRequestContext) {
  let v: any;
  await expect(async () => {
    const res = await request.get("/api/v1/deployments/chat-assistant/verdict", { headers: auth });
    expect(res.status()).toBe(200);
    v = await res.json();
    // What an Argo Rollouts AnalysisTemplate reads with jsonPath {$.status}.
    expect(v.status).toBe("fail");
  }).toPass({ timeout: 120_000, intervals: [2_000] });
  return v;
}

test("the verdict names the injected regression slice as fail and no healthy slice fails", async ({ request }) => {
  const v = await failingVerdict(request);
  const regressed = v.cells.find((c: { dimension: string; value: string }) => c.dimension === "context_bucket×language" && c.value === "long×de");
  expect(regressed.status).toBe("fail");
  // Healthy slices: those holding none of the regressed de×long traffic (task slices all hold some).
  const healthy = v.cells.filter(
    (c: { dimension: string; value: string }) => (c.dimension === "language" && c.value !== "de") || (c.dimension === "context_bucket" && c.value !== "long"),
  );
  expect(healthy.length).toBe(6);
  for (const c of healthy) expect(c.status, `${c.dimension}=${c.value}: ${JSON.stringify(c.checks.filter((k: { status: string }) => k.status === "fail").map((k: { reason: { text: string } }) => k.reason.text))}`).not.toBe("fail");
});

test("the gate answers 412 for the failing canary, also with Flagger's metadata key", async ({ request }) => {
  await failingVerdict(request);
  const res = await request.get("/api/v1/deployments/chat-assistant/gate", { headers: auth });
  expect(res.status()).toBe(412);
  expect((await res.json()).status).toBe("fail");
  const flagger = await request.post("/api/v1/deployments/chat-assistant/gate", {
    data: { name: "chat-assistant", namespace: "prod", phase: "Progressing", metadata: { quantlens_key: E2E.key } },
  });
  expect(flagger.status()).toBe(412);
});

test("the comparison table filters by dimension and rejects bad parameters clearly", async ({ request }) => {
  const res = await request.get("/api/v1/deployments/chat-assistant/comparison?dimension=language&from=30m", { headers: auth });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(new Set(body.cells.map((c: { dimension: string }) => c.dimension))).toEqual(new Set(["", "language"]));
  for (const [q, msg] of [
    ["dimension=language'%3B%20DROP%20TABLE%20x", /dimension must be/],
    ["from=yesterday", /from must be/],
    ["from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", /from must be before to/],
  ] as const) {
    const bad = await request.get(`/api/v1/deployments/chat-assistant/comparison?${q}`, { headers: auth });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toMatch(msg);
  }
  const unknown = await request.get(`/api/v1/deployments/${encodeURIComponent("x'; DROP TABLE inference_events; --")}/verdict`, { headers: auth });
  expect(unknown.status()).toBe(404);
});

test("API routes need a key or a session", async ({ request }) => {
  for (const path of ["/api/v1/deployments", "/api/v1/deployments/chat-assistant/verdict", "/api/v1/policies", "/api/v1/incidents", "/api/v1/webhooks"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(401);
  }
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("a malformed policy is rejected with the path and reason of each error", async ({ request }) => {
  const res = await request.post("/api/v1/policies", {
    headers: auth,
    data: { deployment: "chat-assistant", reason: "tighten", document: { name: "x", checks: [{ metric: "latency_p42", allowed_degradation: { kind: "relative", value: -1 } }] } },
  });
  expect(res.status()).toBe(422);
  const body = await res.json();
  const paths = body.details.errors.map((e: { path: string }) => e.path);
  expect(paths).toContain("checks[0].metric");
  expect(paths).toContain("checks[0].allowed_degradation.value");
});
