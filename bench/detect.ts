// npm run bench:detect: the demo at 200 requests/s against the built server, the regression on
// de×long switched on at a known instant after a healthy stretch; the time from the switch until
// incident.opened arrives at a receiver on loopback (ingest, feed, evaluation, outbox, delivery:
// the whole pipeline). BENCH_RUNS runs on fresh servers, then an A/A run on the same pipeline:
// the false incidents in BENCH_AA_MIN minutes. Writes bench/results/detect.json.
// Env: BENCH_RATE (200), BENCH_RUNS (5), BENCH_LIVE_S (60: healthy live seconds before the switch),
// BENCH_BACKFILL_MIN (6), BENCH_AA_MIN (30), BENCH_WAIT_S (60: longest wait after the switch).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CONTEXT_BUCKETS, LANGUAGES } from "@/lib/demo/model";
import { startDemo } from "@/scripts/demo/run";
import { startReceiver, waitFor } from "@/testkit/receiver";
import { startServerProcess, type ServerProcess } from "@/testkit/server-process";

const RATE = Number(process.env.BENCH_RATE ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LIVE_S = Number(process.env.BENCH_LIVE_S ?? 60);
const WAIT_S = Number(process.env.BENCH_WAIT_S ?? 60);
const BACKFILL_MS = Number(process.env.BENCH_BACKFILL_MIN ?? 6) * 60_000;
const AA_MIN = Number(process.env.BENCH_AA_MIN ?? 30);

async function endpoint(s: ServerProcess, url: string): Promise<void> {
  const res = await fetch(`${s.url}/api/v1/webhooks`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.key}`, "content-type": "application/json" },
    body: JSON.stringify({ url, allow_private: true, events: ["incident.opened"], rate_per_minute: 600 }),
  });
  if (res.status !== 201) throw new Error(`creating the endpoint: HTTP ${res.status} ${await res.text()}`);
}

interface Run {
  seed: number;
  detectionS: number | null;
  /** Incidents before the switch (false alarms) or during an A/A run. */
  falseIncidents: number;
  worst: string | null;
  metric: string | null;
}

async function run(seed: number, aa: boolean): Promise<Run> {
  const receiver = await startReceiver();
  const server = await startServerProcess();
  try {
    await endpoint(server, receiver.url);
    const switchAtMs = BACKFILL_MS + LIVE_S * 1000;
    const demo = startDemo({
      url: server.url,
      key: server.key,
      rate: RATE,
      seed,
      aa,
      regression: aa ? "off" : { atMs: switchAtMs },
      backfillMs: BACKFILL_MS,
      statsEveryMs: 0,
      log: () => undefined,
      texts: false,
    });
    const t0 = Date.now() - BACKFILL_MS; // the demo's clock origin
    const switchWall = t0 + switchAtMs;
    const opened = () => receiver.received.filter((r) => r.headers["quantlens-event"] === "incident.opened");
    let detectionS: number | null = null;
    let falseIncidents = 0;
    let worst: string | null = null;
    let metric: string | null = null;
    if (aa) {
      await new Promise((r) => setTimeout(r, AA_MIN * 60_000));
      falseIncidents = opened().length;
    } else {
      const got = await waitFor("incident.opened", () => opened()[0], switchWall - Date.now() + WAIT_S * 1000, 50).catch(() => undefined);
      if (got) {
        const d = got.at - switchWall;
        if (d < 0) falseIncidents = 1;
        else detectionS = d / 1000;
        const p = JSON.parse(got.body);
        worst = p.verdict?.worst_cell ? `${p.verdict.worst_cell.dimension}=${p.verdict.worst_cell.value}` : null;
        metric = p.verdict?.worst_cell?.metric ?? null;
      }
    }
    await demo.stop();
    return { seed, detectionS, falseIncidents, worst, metric };
  } finally {
    await server.stop();
    await receiver.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  console.log(`bench:detect — demo at ${RATE} req/s, ${BACKFILL_MS / 60_000} min of backfill and ${LIVE_S} s of healthy live traffic, then the regression on de×long (${(100 * LANGUAGES.find(([l]) => l === "de")![1] * CONTEXT_BUCKETS.find(([b]) => b === "long")![1]).toFixed(2)}% of traffic); ${RUNS} runs, then ${AA_MIN} min of A/A`);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await run(11 + i, false);
    runs.push(r);
    console.log(`run ${i + 1}: ${r.detectionS === null ? (r.falseIncidents ? "FALSE ALARM before the switch" : `not detected within ${WAIT_S} s`) : `incident.opened ${r.detectionS.toFixed(2)} s after the switch`} (${r.worst ?? "–"} · ${r.metric ?? "–"})`);
  }
  const aa = AA_MIN > 0 ? await run(99, true) : null;
  if (aa) console.log(`A/A, ${AA_MIN} min on the same pipeline: ${aa.falseIncidents} false incident(s)`);
  const detected = runs.filter((r) => r.detectionS !== null).map((r) => r.detectionS!);
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? "cpu"}`,
    rate: RATE,
    runs: runs.length,
    detected: detected.length,
    median_s: detected.length ? median(detected) : null,
    max_s: detected.length ? Math.max(...detected) : null,
    false_incidents: runs.reduce((n, r) => n + r.falseIncidents, 0) + (aa?.falseIncidents ?? 0),
    aa_minutes: AA_MIN,
    per_run: runs,
  };
  console.log(`median ${result.median_s?.toFixed(2) ?? "–"} s, max ${result.max_s?.toFixed(2) ?? "–"} s over ${detected.length}/${runs.length} detected (target: median ≤ 5 s, never over 15 s); false incidents ${result.false_incidents}`);
  console.log(`median / 5 s target = ${result.median_s === null ? "–" : (result.median_s / 5).toFixed(2)}; max / 15 s bound = ${result.max_s === null ? "–" : (result.max_s / 15).toFixed(2)}`);
  const out = path.join(import.meta.dirname, "results", "detect.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
