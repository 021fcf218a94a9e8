// The judgment end to end: a regression confined to one small pair cell (~4% of traffic, about
// 100 requests per arm over 20 minutes: canary fallback 13% vs 0%, KL 5×, token agreement −11 pts,
// task score −15 pts), sent as real OTLP by the OpenTelemetry SDK to the built server. The
// evaluator must fail that cell and the deployment, and no cell without regressed traffic.
import { afterEach, describe, expect, it } from "vitest";
import { DemoEmitter } from "@/scripts/demo/emit";
import { otlpExporters } from "@/scripts/demo/exporters";
import type { Verdict } from "@/lib/judgment/types";
import { demoRequests } from "@/testkit/demo-requests";
import { holdsRegression, Traffic } from "@/testkit/traffic";
import { waitFor } from "@/testkit/receiver";
import { startServerProcess, type ServerProcess } from "@/testkit/server-process";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function verdict(s: ServerProcess, deployment: string): Promise<Verdict | null> {
  const res = await fetch(`${s.url}/api/v1/deployments/${deployment}/verdict`, { headers: { authorization: `Bearer ${s.key}` } });
  return res.status === 200 ? ((await res.json()) as Verdict) : null;
}

describe("the judgment on real OTLP", () => {
  it("fails a small regressed pair cell and the deployment, and no healthy cell", async () => {
    const s = await startServerProcess();
    cleanups.push(() => s.stop());
    const deployment = "pair-cell";
    let failed = 0;
    const exporters = () => otlpExporters(s.url, s.key, "protobuf", (_sig, r) => void (r.code !== 0 && failed++));
    const emitter = new DemoEmitter({ deployment, exporters: { baseline: exporters(), canary: exporters() }, texts: false });
    cleanups.push(() => emitter.shutdown());
    // 2,400 requests over 20 minutes of event time, sent as fast as the exporters take them.
    const traffic = new Traffic({ scenario: "pair", seed: 11, rate: 2, deployment });
    const t0 = Date.now() - 20 * 60_000;
    let sent = 0;
    for (let t = 0; t < 1200; t++) {
      for (const req of demoRequests(traffic.second(t, t0 + t * 1000), sent)) {
        emitter.emit(req, t0 + t * 1000);
        sent++;
      }
      if (t % 100 === 99) await emitter.forceFlush();
    }
    await emitter.forceFlush();
    expect(failed, "every export succeeded").toBe(0);
    expect(sent).toBe(2400);
    const pairCell = traffic.regressed;
    const v = await waitFor(
      "the verdict to fail",
      async () => {
        const x = await verdict(s, deployment);
        return x?.status === "fail" ? x : undefined;
      },
      120_000,
      1000,
    ).catch(async () => {
      throw new Error(`no failure; last verdict: ${JSON.stringify(await verdict(s, deployment)).slice(0, 3000)}`);
    });
    // The regressed pair cell fails, with about 100 requests per arm in it.
    expect(pairCell).toBeGreaterThan(70);
    expect(pairCell).toBeLessThan(130);
    const cell = v.cells.find((c) => c.dimension === "context_bucket×language" && c.value === "long×de");
    expect(cell?.status, JSON.stringify(cell?.checks.map((k) => [k.metric, k.status, k.reason.text]))).toBe("fail");
    // No cell without regressed traffic fails.
    const healthy = v.cells.filter((c) => !holdsRegression("pair", c.dimension, c.value));
    expect(healthy.length).toBeGreaterThan(30);
    for (const c of healthy) expect(c.status, `${c.dimension}=${c.value}: ${JSON.stringify(c.checks.filter((k) => k.status === "fail").map((k) => k.reason.text))}`).not.toBe("fail");
    // The gate reads the same persisted verdict.
    const gate = await fetch(`${s.url}/api/v1/deployments/${deployment}/gate`, { headers: { authorization: `Bearer ${s.key}` } });
    expect(gate.status).toBe(412);
    const worst = (await gate.json()).worstCell;
    expect(holdsRegression("pair", worst.dimension, worst.value), JSON.stringify(worst)).toBe(true);
  }, 300_000);
});
