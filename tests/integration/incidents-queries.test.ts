// The incident, outbox and lease queries against the real embedded ClickHouse.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/clickhouse/client";
import { acquireLease, getIncident, listIncidents, putIncident, type IncidentRow } from "@/clickhouse/queries/incidents";
import { putVerdicts, verdictAt, verdictHistory } from "@/clickhouse/queries/judgment";
import { notEvaluated } from "@/server/services/verdicts";
import { appendAttempt, dueDeliveries, getDelivery, listAttempts, listDeliveries, putDelivery, type DeliveryRow } from "@/clickhouse/queries/webhooks";
import { chTimeMs } from "@/clickhouse/time";
import { runtime } from "@/server/runtime/runtime";
import { uniqueDeployment } from "@/testkit/db";

beforeAll(async () => {
  await runtime();
});

describe("incidents", () => {
  it("keeps the latest version of each incident and filters by deployment", async () => {
    const client = await db();
    const d = uniqueDeployment("inc");
    const base: IncidentRow = { id: `inc_${d}`, deployment: d, episode: 1, status: "open", opened_at: chTimeMs(Date.now()), resolved_at: null, acknowledged_by: "", acknowledged_at: null, policy_version: 0, reason: "r", evidence: "{}" };
    await putIncident(client, base);
    await putIncident(client, { ...base, acknowledged_by: "alice", acknowledged_at: chTimeMs(Date.now()) });
    const got = await getIncident(client, base.id);
    expect(got).toMatchObject({ id: base.id, status: "open", acknowledged_by: "alice", resolved_at: null });
    const list = await listIncidents(client, { deployment: d });
    expect(list.map((i) => i.id)).toEqual([base.id]);
    expect((await listIncidents(client, { deployment: "nobody" })).length).toBe(0);
  });

  it("keeps every persisted verdict: the one in force at a time, and the history of a range", async () => {
    const client = await db();
    const d = uniqueDeployment("vh");
    const now = Date.now();
    const at = (ms: number, status: "fail" | "inconclusive") => ({
      ...notEvaluated(d, ms),
      status,
      policy: { name: "p", version: 3 },
      worstCell: status === "fail" ? { dimension: "language", value: "de", status, metric: "kl_divergence" as const, check: 5 } : null,
    });
    await putVerdicts(client, [at(now - 60_000, "inconclusive"), at(now, "fail")]);
    const h = await verdictHistory(client, d, now - 120_000, now + 1000);
    expect(h.map((v) => v.status)).toEqual(["fail", "inconclusive"]);
    expect(h[0]).toMatchObject({ policy_version: 3, worst_value: "de", worst_metric: "kl_divergence" });
    expect((await verdictAt(client, d, now - 30_000))?.status).toBe("inconclusive");
    expect((await verdictAt(client, d))?.worstCell).toMatchObject({ dimension: "language", value: "de" });
    expect(await verdictAt(client, d, now - 90_000)).toBeNull();
  });
});

describe("the delivery outbox", () => {
  it("finds due pending deliveries by time, and follows their versions", async () => {
    const client = await db();
    const d = uniqueDeployment("outbox");
    const now = Date.now();
    const row: DeliveryRow = { id: `dl_${d}`, endpoint_id: "wh_x", event: "test", incident_id: "", deployment: d, idempotency_key: "k", payload: "{}", state: "pending", attempts: 0, created_at: chTimeMs(now), first_attempt_at: null, next_attempt_at: chTimeMs(now - 1000), last_status: 0, last_error: "", last_latency_ms: 0 };
    await putDelivery(client, row);
    expect((await dueDeliveries(client, now)).some((x) => x.id === row.id)).toBe(true);
    await putDelivery(client, { ...row, attempts: 1, next_attempt_at: chTimeMs(now + 60_000), first_attempt_at: chTimeMs(now) });
    expect((await dueDeliveries(client, now)).some((x) => x.id === row.id)).toBe(false);
    await appendAttempt(client, { delivery_id: row.id, attempt: 1, ts: now, status: 503, latency_ms: 12.5, error: "HTTP 503" });
    await putDelivery(client, { ...row, state: "delivered", attempts: 2, first_attempt_at: chTimeMs(now), last_status: 200 });
    expect((await getDelivery(client, row.id))?.state).toBe("delivered");
    expect((await listDeliveries(client, { deployment: d })).map((x) => x.state)).toEqual(["delivered"]);
    expect((await listAttempts(client, [row.id]))[0]).toMatchObject({ attempt: 1, status: 503, error: "HTTP 503" });
  });
});

describe("leases", () => {
  it("one holder at a time until it expires", async () => {
    const client = await db();
    const name = uniqueDeployment("lease");
    expect(await acquireLease(client, name, "a", 60_000)).toBe(true);
    expect(await acquireLease(client, name, "b", 60_000)).toBe(false);
    expect(await acquireLease(client, name, "a", 60_000)).toBe(true);
    const short = uniqueDeployment("lease");
    expect(await acquireLease(client, short, "a", 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await acquireLease(client, short, "b", 60_000)).toBe(true);
  });
});
