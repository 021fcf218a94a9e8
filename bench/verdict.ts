// npm run bench:verdict: one verdict (evaluateDeployment) for a deployment with 20 single-dimension
// slices over 10M stored inference events (+5M shadow comparisons), in a fresh embedded ClickHouse.
// Env: BENCH_EVENTS (10000000), BENCH_SHADOW (5000000), BENCH_REPS (20).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDataset } from "./lib/dataset";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const SHADOW = Number(process.env.BENCH_SHADOW ?? 5_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 20);
const TARGET_MS = 500;
const DEPLOYMENT = "bench-verdict";

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { min: s[0], median: s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, p95: q(0.95) };
};

async function main(): Promise<void> {
  // A fresh data directory before the client module reads its config.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-bench-verdict-"));
  process.env.QUANTLENS_DATA_DIR = dir;
  const { db, dbConfig, closeDb } = await import("@/clickhouse/client");
  const { migrate } = await import("@/clickhouse/migrate");
  const { evaluateDeployment } = await import("@/lib/verdict/evaluate");
  const client = await db();
  await migrate(client, dbConfig());

  const { from, now } = await buildDataset(client, { deployment: DEPLOYMENT, events: EVENTS, shadow: SHADOW, log: console.log });

  const opts = { from, to: now + 60_000, now: now + 60_000 };
  const warm = await evaluateDeployment(client, DEPLOYMENT, opts);
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await evaluateDeployment(client, DEPLOYMENT, opts);
    times.push(performance.now() - t);
  }
  const countTimes: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await (await client.query({ query: `SELECT count() FROM inference_events WHERE deployment = {d:String}`, query_params: { d: DEPLOYMENT }, format: "JSONEachRow" })).json();
    countTimes.push(performance.now() - t);
  }
  const v = stats(times);
  const c = stats(countTimes);
  const singles = warm.cells.filter((x) => x.dimension !== "" && !x.dimension.includes("×")).length;
  const pairs = warm.cells.filter((x) => x.dimension.includes("×")).length;
  const comparisons = warm.cells.reduce((s, x) => s + x.checks.length, 0);
  console.log(`verdict: status ${warm.status}; ${warm.cells.length} cells evaluated (1 whole deployment + ${singles} slices + ${pairs} pairs), ${comparisons} check results`);
  console.log(`| measure | min ms | median ms | p95 ms |`);
  console.log(`|---|---|---|---|`);
  console.log(`| evaluateDeployment (${REPS} runs after 1 warm-up) | ${v.min.toFixed(0)} | ${v.median.toFixed(0)} | ${v.p95.toFixed(0)} |`);
  console.log(`| SELECT count() FROM inference_events WHERE deployment = … | ${c.min.toFixed(1)} | ${c.median.toFixed(1)} | ${c.p95.toFixed(1)} |`);
  console.log(`median / ${TARGET_MS} ms target = ${(v.median / TARGET_MS).toFixed(2)} (${v.median <= TARGET_MS ? "meets" : "misses"} the target); verdict median / count() median = ${(v.median / c.median).toFixed(1)}`);
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
