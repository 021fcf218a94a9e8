// npm run bench:detect: the demo at 200 requests/s with the regression switched on at a known
// instant; the time until incident.opened arrives at a receiver on loopback. Then an A/A run of
// the same length on a fresh server: the number of false incidents.
// Env: BENCH_RATE (200), BENCH_LIVE_S (120: live seconds after the switch), BENCH_BACKFILL_MIN (6).
import { startDemo } from "@/lib/demo/run";
import { startReceiver, waitFor } from "../tests/helpers/receiver";
import { startServerProcess, type ServerProcess } from "../tests/helpers/server-process";

const RATE = Number(process.env.BENCH_RATE ?? 200);
const LIVE_S = Number(process.env.BENCH_LIVE_S ?? 120);
const BACKFILL_MS = Number(process.env.BENCH_BACKFILL_MIN ?? 6) * 60_000;
const WARMUP_S = 60; // healthy live traffic before the switch

async function endpoint(s: ServerProcess, url: string): Promise<void> {
  const res = await fetch(`${s.url}/api/v1/webhooks`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.key}`, "content-type": "application/json" },
    body: JSON.stringify({ url, allow_private: true, events: ["incident.opened"], rate_per_minute: 600 }),
  });
  if (res.status !== 201) throw new Error(`creating the endpoint: HTTP ${res.status} ${await res.text()}`);
}

async function run(aa: boolean): Promise<{ detectionMs: number | null; incidents: number; regressedAtWall: number | null }> {
  const receiver = await startReceiver();
  const server = await startServerProcess();
  try {
    await endpoint(server, receiver.url);
    // The switch happens WARMUP_S after the backfill ends, i.e. WARMUP_S into live traffic.
    const switchAtMs = BACKFILL_MS + WARMUP_S * 1000;
    const demo = startDemo({
      url: server.url,
      key: server.key,
      rate: RATE,
      seed: 11,
      aa,
      regression: aa ? "off" : { atMs: switchAtMs },
      backfillMs: BACKFILL_MS,
      statsEveryMs: 0,
      log: () => undefined,
      texts: false,
    });
    const t0 = Date.now() - BACKFILL_MS; // the demo's clock origin
    const switchWall = t0 + switchAtMs;
    let detectionMs: number | null = null;
    if (!aa) {
      const got = await waitFor("incident.opened", () => receiver.received.find((r) => r.headers["quantlens-event"] === "incident.opened"), switchWall - Date.now() + LIVE_S * 1000, 100).catch(() => undefined);
      if (got) {
        detectionMs = got.at - switchWall;
        // Anything before the switch would be a false alarm, not a detection.
        if (detectionMs < 0) console.log(`incident opened ${(-detectionMs / 1000).toFixed(1)} s BEFORE the switch: a false alarm`);
      }
    } else {
      await new Promise((r) => setTimeout(r, Math.max(0, switchWall - Date.now()) + LIVE_S * 1000));
    }
    await demo.stop();
    const incidents = receiver.received.filter((r) => r.headers["quantlens-event"] === "incident.opened").length;
    return { detectionMs, incidents, regressedAtWall: aa ? null : switchWall };
  } finally {
    await server.stop();
    await receiver.close();
  }
}

async function main(): Promise<void> {
  console.log(`bench:detect — demo at ${RATE} req/s (${BACKFILL_MS / 60_000} min of backfill, ${WARMUP_S} s healthy live traffic, then the regression on de×long), evaluator every 5 s over a 5 min window`);
  const ab = await run(false);
  console.log(ab.detectionMs === null ? `regression: NOT detected within ${LIVE_S} s` : `regression: incident.opened arrived ${(ab.detectionMs / 1000).toFixed(1)} s after the switch`);
  const aa = await run(true);
  console.log(`A/A of equal length (${WARMUP_S + LIVE_S} s live): ${aa.incidents} false incident(s)`);
  console.log(`for comparison: Flagger's default analysis (1 min interval × threshold 5) fails a canary after ≥ 5 min; a Kayenta analysis interval is typically ≥ 1 h, with 1-min scoring points`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
