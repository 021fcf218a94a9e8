// The evaluator against the real embedded ClickHouse, with its clock and outbox injected: it reads
// the feed in order, persists verdicts, opens one incident per failure, resumes after a restart
// from its checkpoint, waits for missing batches, respects the lease, and resolves.
import { beforeAll, describe, expect, it } from "vitest";
import { db, type Db } from "@/clickhouse/client";
import { getIncident, putIncident } from "@/clickhouse/queries/incidents";
import { insertFeedBatch, verdictAt } from "@/clickhouse/queries/judgment";
import { policyOrThrow, type Policy } from "@/lib/policy";
import { DEFAULT_POLICY } from "@/lib/policy";
import { Evaluator, type EvaluatorStore } from "@/server/workers/evaluator";
import { clickhouseStore } from "@/server/workers/judgment-store";
import { runtime } from "@/server/runtime/runtime";
import { incidentId } from "@/lib/webhooks/payload";
import { holdsRegression, Traffic, type Scenario } from "@/testkit/traffic";
import type { PairRecord } from "@/lib/judgment/records";
import { uniqueDeployment } from "@/testkit/db";
import { feedRows } from "@/testkit/feed";

let client: Db;
beforeAll(async () => {
  await runtime();
  client = await db();
});

interface Harness {
  deployment: string;
  writer: string;
  store: EvaluatorStore;
  events: { event: string; payload: Record<string, unknown> }[];
  clock: { now: number };
  evaluator: () => Evaluator;
  restart: () => Promise<void>;
  send: (records: PairRecord[]) => Promise<number>;
  seq: number;
}

/**
 * The ClickHouse store, scoped to this test: only its own writer's batches, its own checkpoint
 * rows (other tests in this run share the database), and an optional fixed policy and lease.
 */
function harness(o: { policy?: Policy; lease?: () => boolean } = {}): Harness {
  const deployment = uniqueDeployment("eval");
  const writer = `test-${deployment}`;
  const base = clickhouseStore(client, null);
  const ns = `${writer}/`;
  const store: EvaluatorStore = {
    ...base,
    readFeed: async (cursor, since, limit) => {
      const r = await base.readFeed(cursor, since, limit);
      return { ...r, batches: r.batches.filter((b) => b.writer === writer) };
    },
    policyFor: async (d) => (o.policy ? { policy: o.policy, version: 7, key: "test#7" } : base.policyFor(d)),
    loadCheckpoint: async () => (await base.loadCheckpoint()).filter((r) => r.deployment.startsWith(ns)).map((r) => ({ ...r, deployment: r.deployment.slice(ns.length) })),
    saveCheckpoint: (rows) => base.saveCheckpoint(rows.map((r) => ({ ...r, deployment: ns + r.deployment }))),
    lease: async () => (o.lease ? o.lease() : true),
  };
  // Simulated time runs faster than the wall clock: start in the past so it stays behind "now".
  const clock = { now: Date.now() - 3 * 3_600_000 };
  const events: Harness["events"] = [];
  const deps = {
    store,
    clock: () => clock.now,
    enqueue: async (event: string, _d: string, _k: string, payload: (id: string) => unknown) => {
      events.push({ event, payload: payload("dl_test") as Record<string, unknown> });
    },
    payload: (p: { event: string; verdict: { status: string; worstCell: unknown } }) => ({ event: p.event, verdict: { status: p.verdict.status, worst_cell: p.verdict.worstCell } }) as never,
    log: (m: string) => console.error(`[evaluator] ${m}`),
  };
  let ev = new Evaluator(deps);
  const h: Harness = {
    deployment,
    writer,
    store,
    events,
    clock,
    seq: 0,
    evaluator: () => ev,
    restart: async () => {
      await ev.flush();
      ev = new Evaluator(deps);
    },
    send: async (records) => {
      h.seq++;
      await insertFeedBatch(client, feedRows(writer, h.seq, records));
      return h.seq;
    },
  };
  return h;
}

/** `seconds` of a scenario's traffic, one batch and one evaluation round per simulated second. */
async function play(h: Harness, scenario: Scenario, seconds: number, rate: number, seed = 1, traffic = new Traffic({ scenario, seed, rate, deployment: h.deployment })) {
  for (let t = 0; t < seconds; t++) {
    h.clock.now += 1000;
    await h.send(traffic.second(t, h.clock.now - 500));
    await h.evaluator().tick();
  }
  return traffic;
}

describe("the evaluator on the real store", () => {
  it("fails a small regressed pair cell, persists the verdict, opens exactly one incident, and resumes after a restart", async () => {
    const h = harness();
    const traffic = await play(h, "pair", 90, 50);
    const opened = h.events.filter((e) => e.event === "incident.opened");
    expect(opened).toHaveLength(1);
    const v = await verdictAt(client, h.deployment);
    expect(v?.status).toBe("fail");
    expect(v?.worstCell).toMatchObject({ dimension: "context_bucket×language", value: "long×de", status: "fail" });
    // No cell without regressed traffic fails.
    const healthy = v!.cells.filter((c) => !holdsRegression("pair", c.dimension, c.value));
    expect(healthy.length).toBeGreaterThan(30);
    for (const c of healthy) expect(c.status, `${c.dimension}=${c.value}`).not.toBe("fail");
    const inc = await getIncident(client, incidentId(h.deployment, 1));
    expect(inc?.status).toBe("open");
    const epoch = v!.epoch.id;

    await h.restart();
    for (let t = 90; t < 120; t++) {
      h.clock.now += 1000;
      await h.send(traffic.second(t, h.clock.now - 500));
      await h.evaluator().tick();
    }
    expect(h.events.filter((e) => e.event === "incident.opened")).toHaveLength(1);
    const after = await verdictAt(client, h.deployment);
    expect(after?.status).toBe("fail");
    expect(after?.epoch.id).toBe(epoch);
    // Every pair was judged once: the restarted evaluator continued from the checkpoint's cursor.
    const pairs = after!.cells.find((c) => c.dimension === "")!.n;
    expect(pairs.arms).toBe(120 * 50);
  }, 120_000);

  it("does nothing without the lease", async () => {
    const h = harness({ lease: () => false });
    await play(h, "pair", 60, 50);
    expect(h.events).toHaveLength(0);
    expect(await verdictAt(client, h.deployment)).toBeNull();
    expect(h.evaluator().isLeader()).toBe(false);
  }, 60_000);

  it("waits for a writer's missing batch, then judges without it once the wait is over", async () => {
    const h = harness();
    const traffic = new Traffic({ scenario: "aa", seed: 3, rate: 20, deployment: h.deployment });
    h.clock.now += 1000;
    await h.send(traffic.second(0, h.clock.now));
    await h.evaluator().tick();
    h.seq++; // batch 2 never arrives
    h.clock.now += 1000;
    await h.send(traffic.second(2, h.clock.now));
    await h.evaluator().tick();
    h.clock.now += 10_000; // past the verdict cadence, within the gap wait
    await h.evaluator().tick();
    expect((await verdictAt(client, h.deployment))!.cells.find((c) => c.dimension === "")!.n.arms).toBe(20);
    h.clock.now += 30_000;
    await h.evaluator().tick();
    expect((await verdictAt(client, h.deployment))!.cells.find((c) => c.dimension === "")!.n.arms).toBe(40);
  }, 60_000);

  it("resolves when an operator asks through the incident row, and judges afresh in a new epoch", async () => {
    const h = harness();
    const traffic = await play(h, "pair", 90, 50);
    const id = incidentId(h.deployment, 1);
    const inc = (await getIncident(client, id))!;
    expect(inc.status).toBe("open");
    await putIncident(client, { ...inc, evidence: JSON.stringify({ ...JSON.parse(inc.evidence), resolve_requested: { by: "alice", at: new Date().toISOString() } }) });
    h.evaluator().notify(true);
    h.clock.now += 6_000;
    await h.send(traffic.second(90, h.clock.now));
    await h.evaluator().tick();
    expect(h.events.map((e) => e.event)).toEqual(["incident.opened", "incident.resolved"]);
    const resolved = (await getIncident(client, id))!;
    expect(resolved.status).toBe("resolved");
    expect(JSON.parse(resolved.evidence).resolution).toMatchObject({ why: "operator", by: "alice" });
    const v = await verdictAt(client, h.deployment);
    expect(v?.epoch.reason).toBe("operator_reset");
  }, 120_000);

  it("resolves on recovery: the failing check is shown within its allowance on the data after the failure", async () => {
    // One check, so the test is about the rule: fallback_rate (canary only) 13% in the pair cell, then 1%,
    // against an allowance of 5%.
    const policy = policyOrThrow({
      schema_version: 2,
      name: "fallback-only",
      min_samples: 20,
      resolution: { mode: "recovered", min_passes: 3 },
      checks: [{ metric: "fallback_rate", allowed_degradation: { kind: "absolute", value: 0.05 } }],
    });
    const h = harness({ policy });
    await play(h, "pair", 150, 100);
    expect(h.events.map((e) => e.event)).toEqual(["incident.opened"]);
    // Healthy traffic from now on: the same cell's fallback rate drops to 1%.
    await play(h, "aa", 420, 100, 9);
    expect(h.events.map((e) => e.event)).toEqual(["incident.opened", "incident.resolved"]);
    const inc = (await getIncident(client, incidentId(h.deployment, 1)))!;
    expect(JSON.parse(inc.evidence).resolution.why).toBe("recovered");
    expect((await verdictAt(client, h.deployment))?.epoch.reason).toBe("recovered");
  }, 240_000);

  it("uses the default policy when none is stored", async () => {
    const h = harness();
    await play(h, "aa", 5, 10);
    expect((await verdictAt(client, h.deployment))?.policy).toEqual({ name: DEFAULT_POLICY.name, version: 0 });
  }, 60_000);
});
