// npm run bench:dashboard: server-side render time of the deployment page with 10M events stored.
// Builds the dataset in a fresh embedded ClickHouse, starts the built server on it as a separate
// process, signs in, and times full page requests (HTML fully rendered on the server).
// Env: BENCH_EVENTS (10000000), BENCH_SHADOW (5000000), BENCH_REPS (30).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDataset } from "@/testkit/dataset";
import { signIn } from "@/testkit/session";
import { startServerProcess } from "@/testkit/server-process";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const SHADOW = Number(process.env.BENCH_SHADOW ?? 5_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 30);
const TARGET_MS = 1000;
const DEPLOYMENT = "bench-dashboard";

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];

/** One full server-side render: its time and the HTML's size. */
async function time(url: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  // The page's heaviest part, the time series, rendered (the slice table needs a judged verdict,
  // and this benchmark runs without the evaluator).
  if (url.includes("/deployments/") && !body.includes('data-testid="chart-latency"')) throw new Error(`${url}: the charts did not render`);
  if (url.endsWith("/") && !body.includes('data-testid="deployment-card"')) throw new Error(`${url}: the overview did not render`);
  return { ms: performance.now() - t, bytes: Buffer.byteLength(body) };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-bench-dashboard-"));
  process.env.QUANTLENS_DATA_DIR = dir;
  const { db, dbConfig, closeDb } = await import("@/clickhouse/client");
  const { migrate } = await import("@/clickhouse/migrate");
  await migrate(await db(), dbConfig());
  await buildDataset(await db(), { deployment: DEPLOYMENT, events: EVENTS, shadow: SHADOW, log: console.log });
  await closeDb();
  const { drainPending } = await import("chdb");
  await drainPending();

  const server = await startServerProcess({ dataDir: dir, env: { QUANTLENS_BACKGROUND: "0" } });
  try {
    const cookie = await signIn(server.url, "admin", "process-admin-password-1");
    const pages = {
      "deployment page, 6 h, by language": `${server.url}/deployments/${DEPLOYMENT}?range=6h&dim=language`,
      "deployment page, 24 h, by task": `${server.url}/deployments/${DEPLOYMENT}?range=24h&dim=task`,
      "overview /": `${server.url}/`,
      "GET /api/health (for scale)": `${server.url}/api/health`,
    };
    console.log(`server-side render, ${REPS} requests each after 2 warm-ups, ${EVENTS.toLocaleString("en")} events stored`);
    console.log("| page | p50 ms | p95 ms | max ms | HTML KB |");
    console.log("|---|---|---|---|---|");
    const p95: Record<string, number> = {};
    const results: Record<string, { p50_ms: number; p95_ms: number; max_ms: number; bytes: number }> = {};
    for (const [name, url] of Object.entries(pages)) {
      await time(url, cookie);
      await time(url, cookie);
      const runs: { ms: number; bytes: number }[] = [];
      for (let i = 0; i < REPS; i++) runs.push(await time(url, cookie));
      const ts = runs.map((r) => r.ms);
      p95[name] = pct(ts, 0.95);
      results[name] = { p50_ms: Math.round(pct(ts, 0.5)), p95_ms: Math.round(p95[name]), max_ms: Math.round(Math.max(...ts)), bytes: runs.at(-1)!.bytes };
      console.log(`| ${name} | ${pct(ts, 0.5).toFixed(0)} | ${p95[name].toFixed(0)} | ${Math.max(...ts).toFixed(0)} | ${(runs.at(-1)!.bytes / 1024).toFixed(0)} |`);
    }
    const main = p95["deployment page, 6 h, by language"];
    const ratio = main / p95["GET /api/health (for scale)"];
    console.log(`deployment page p95 / ${TARGET_MS} ms target = ${(main / TARGET_MS).toFixed(2)} (${main <= TARGET_MS ? "meets" : "misses"}); p95 / health p95 = ${ratio.toFixed(1)}`);
    console.log(`server peak RSS ${(server.peakRssBytes() / 1e6).toFixed(0)} MB`);
    fs.mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
    const out = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length}× ${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? "cpu"}`,
      events: EVENTS,
      shadow: SHADOW,
      reps: REPS,
      pages: results,
      deployment_p95_over_target: Number((main / TARGET_MS).toFixed(3)),
      deployment_p95_over_health_p95: Number(ratio.toFixed(2)),
      peak_rss_mb: Math.round(server.peakRssBytes() / 1e6),
    };
    fs.writeFileSync(path.join(import.meta.dirname, "results", "dashboard.json"), `${JSON.stringify(out, null, 2)}\n`);
    console.log("wrote bench/results/dashboard.json");
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
